/**
 * Model answers for the README demo ("I have customer feedback: 'Great product but expensive'.
 * Please analyze sentiment, calculate readability, and create a CSV report.") over the example
 * plugins: a correct plan, a plan the validator rejects, and text that is not JSON.
 */
export const DEMO_REQUEST =
  "I have customer feedback: 'Great product but expensive'. Please analyze sentiment, calculate readability, and create a CSV report.";

const demoPlan = (sentimentCapability: string, textInput: string, reportDependsOn: string[]) => ({
  name: 'feedback-report',
  inputs: {
    feedback: { type: 'string', data_type: 'text', default: 'Great product but expensive' },
  },
  steps: [
    {
      id: 'sentiment',
      plugin: 'text-sentiment',
      capability: sentimentCapability,
      inputs: { [textInput]: '${workflow.inputs.feedback}' },
      depends_on: [],
    },
    {
      id: 'readability',
      plugin: 'readability',
      capability: 'calculate-readability',
      inputs: { text: '${workflow.inputs.feedback}' },
      depends_on: [],
    },
    {
      id: 'report',
      plugin: 'report-builder',
      capability: 'build-report',
      inputs: {
        title: 'Customer feedback',
        format: 'csv',
        sections: {
          sentiment: '${steps.sentiment.outputs.sentiment}',
          readability: '${steps.readability.outputs.readability}',
        },
      },
      depends_on: reportDependsOn,
    },
  ],
  unmapped: [],
});

/** A correct plan of the demo. */
export const VALID_DEMO_ANSWER = JSON.stringify(
  demoPlan('analyze-sentiment', 'text', ['sentiment', 'readability']),
);

/** A plan the validator rejects: a misspelt capability, and the report does not wait for readability. */
export const INVALID_DEMO_ANSWER = JSON.stringify(
  demoPlan('analyse-sentiment', 'text', ['sentiment']),
);

/** A plan with an input name the capability does not take ("txt"). */
export const WRONG_INPUT_DEMO_ANSWER = JSON.stringify(
  demoPlan('analyze-sentiment', 'txt', ['sentiment', 'readability']),
);

/** An answer cut off in the middle: not JSON. */
export const MALFORMED_ANSWER =
  '{"name": "feedback-report", "steps": [{"id": "sentiment", "plugin": ';

/** Valid JSON that is not a plan (no steps). */
export const NOT_A_PLAN_ANSWER = JSON.stringify({ name: 'nothing', steps: [] });
