import { type ArtifactStore, convertValue } from '@mark1/context';
import {
  type CapabilityInputs,
  type DataEdge,
  type DataType,
  Mark1Error,
  type WorkflowStep,
} from '@mark1/sdk';
import { ExecutorErrorCodes, executorError } from '../errors';

/** What a conversion on the way into a step lost, for the step's log. */
export interface ConversionNote {
  readonly input: string;
  readonly from: DataType;
  readonly to: DataType;
  readonly lossy: readonly string[];
}

const RENAMABLE: ReadonlySet<DataType> = new Set(['json', 'yaml', 'csv', 'xml']);

/**
 * Converts the values bound to a step's inputs where the data edge's types differ (the validator's
 * edges say which), and applies the step's `rename` map to structured records coming in. A `foreach`
 * source bound to a list input is converted item by item. A textual value naming a file is read
 * only when `mayRead` allows that file. Throws `CONVERSION_FAILED` naming the
 * input and the types.
 */
export function convertStepInputs(options: {
  step: WorkflowStep;
  inputs: Record<string, unknown>;
  edges: readonly DataEdge[];
  schema: CapabilityInputs;
  artifacts: ArtifactStore;
  cwd: string;
  /** Files a textual value may be read from (artifacts, paths the user handed in); never anything else. */
  mayRead: (path: string) => boolean;
}): { inputs: Record<string, unknown>; notes: ConversionNote[] } {
  const { step } = options;
  const inputs = { ...options.inputs };
  const notes: ConversionNote[] = [];
  const rename = step.rename && Object.keys(step.rename).length > 0 ? step.rename : undefined;
  for (const edge of options.edges) {
    if (edge.toStep !== step.id || edge.compatibility === 'incompatible') continue;
    const value = inputs[edge.toInput];
    if (value === undefined || value === null) continue;
    const renaming = rename !== undefined && RENAMABLE.has(edge.fromType);
    if (edge.fromType === edge.toType && !renaming) continue;
    const convert = (item: unknown): unknown => {
      try {
        const result = convertValue(item, edge.fromType, edge.toType, {
          ...(renaming ? { rename } : {}),
          artifacts: options.artifacts,
          cwd: options.cwd,
          // A plugin must not get the orchestrator to read a host file for it by returning its path.
          readFiles: options.mayRead,
        });
        if (result.lossy.length > 0)
          notes.push({
            input: edge.toInput,
            from: edge.fromType,
            to: edge.toType,
            lossy: result.lossy,
          });
        return result.value;
      } catch (error) {
        const reason =
          Mark1Error.isInstance(error) || error instanceof Error ? error.message : String(error);
        throw executorError(
          ExecutorErrorCodes.CONVERSION_FAILED,
          `Step "${step.id}": ${edge.from} (${edge.fromType}) could not be converted to ${edge.toType} for input "${edge.toInput}": ${reason}`,
          {
            cause: error,
            details: { step: step.id, input: edge.toInput, from: edge.fromType, to: edge.toType },
          },
        );
      }
    };
    const expectsList = options.schema.properties[edge.toInput]?.type === 'array';
    inputs[edge.toInput] =
      edge.list && expectsList && Array.isArray(value) ? value.map(convert) : convert(value);
  }
  return { inputs, notes };
}
