import type { CatalogEntry, InputSchema } from '@mark1/sdk';
import { inputDataType } from '../retrieval/capability-document';

/** The instructions the model plans under. */
export const SYSTEM_PROMPT = `You plan workflows for Mark-1, which runs plugin capabilities as steps of a workflow.
Answer with one JSON object and nothing else:
{"name": "...", "inputs": {...}, "steps": [{"id": "...", "plugin": "...", "capability": "...", "inputs": {...}, "depends_on": [...]}], "unmapped": [...]}

Rules:
- Use only the capabilities listed by the user, with their exact plugin, capability and input names.
- Give every required input a value: a literal from the request; "\${steps.<id>.outputs.<output>}" for an earlier step's output; or "\${workflow.inputs.<name>}" for a workflow input declared under "inputs" (put the request's value in its "default"; leave "default" out when the user must still give it).
- A step that uses another step's output lists that step's id in "depends_on". Steps that do not need each other's outputs do not depend on each other: they run in parallel.
- To run a step once per item of a list, set "foreach" to the list (for example "\${workflow.inputs.files}") and use "\${item}" in its inputs.
- Never invent a capability. Put the parts of the request no listed capability can do in "unmapped".

Example. Capabilities: text-sentiment/analyze-sentiment (inputs: text: text, required; outputs: sentiment: json, label: text) and report-builder/build-report (inputs: title: text, required; sections: json, required; format: markdown|html|csv; outputs: report: file).
Request: Analyze the sentiment of 'Nice work' and put it in an HTML report.
Answer: {"name": "sentiment-report", "inputs": {"text": {"type": "string", "data_type": "text", "default": "Nice work"}}, "steps": [{"id": "sentiment", "plugin": "text-sentiment", "capability": "analyze-sentiment", "inputs": {"text": "\${workflow.inputs.text}"}, "depends_on": []}, {"id": "report", "plugin": "report-builder", "capability": "build-report", "inputs": {"title": "Sentiment report", "sections": {"sentiment": "\${steps.sentiment.outputs.sentiment}"}, "format": "html"}, "depends_on": ["sentiment"]}], "unmapped": []}`;

function describeInput(name: string, schema: InputSchema, required: boolean): string {
  const parts = [`${name}: ${inputDataType(schema)}${schema.type === 'array' ? ' list' : ''}`];
  if (schema.enum) parts.push(`one of ${schema.enum.map((value) => String(value)).join('|')}`);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  if (required && schema.default === undefined) parts.push('required');
  return parts.join(', ');
}

/** One capability in a few lines: name, what it does, inputs, outputs. */
function describeCapability(entry: CatalogEntry): string {
  const { capability } = entry;
  const required = new Set(capability.inputs.required);
  const inputs = Object.entries(capability.inputs.properties)
    .map(([name, schema]) => describeInput(name, schema, required.has(name)))
    .join('; ');
  const outputs = Object.entries(capability.outputs)
    .map(([name, spec]) => `${name}: ${spec.type}`)
    .join(', ');
  const description = capability.description.replace(/\s+/g, ' ').trim();
  return [
    `- ${entry.plugin}/${capability.name}: ${description.length > 200 ? `${description.slice(0, 197)}…` : description}`,
    `  inputs: ${inputs || 'none'}`,
    `  outputs: ${outputs || 'none'}`,
  ].join('\n');
}

/** The user message of the first round: the candidate capabilities and the request. */
export function planMessage(request: string, candidates: readonly CatalogEntry[]): string {
  return `Capabilities:\n${candidates.map(describeCapability).join('\n')}\n\nRequest: ${request}\n\nAnswer with the JSON object only.`;
}

/** The user message of a repair round: what was wrong with the last answer. */
export function repairMessage(problems: readonly string[]): string {
  return `Your plan has these problems:\n${problems.map((problem) => `- ${problem}`).join('\n')}\n\nAnswer again with the whole corrected JSON object only.`;
}
