import type { ActiveCapabilityRecord } from '@mark1/storage';
import { createBm25Index, type Bm25Index } from './bm25-index';
import { tokenize } from './tokenize';

/** One input of a capability, as lists and search results show it. */
export interface CapabilityInputSummary {
  readonly name: string;
  /** JSON type(s) of the input. */
  readonly type?: string;
  /** Its Mark-1 data type, when declared. */
  readonly dataType?: string;
  readonly required: boolean;
  readonly description?: string;
}

/** A capability of an enabled plugin's active version. */
export interface CapabilitySummary {
  readonly plugin: string;
  readonly pluginVersion: string;
  readonly capability: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly inputs: readonly CapabilityInputSummary[];
  /** Data types of the inputs. */
  readonly inputTypes: readonly string[];
  /** Data types of the outputs. */
  readonly outputTypes: readonly string[];
}

/** A search result: the capability, its BM25 score and the query terms it matched. */
export interface CapabilityHit extends CapabilitySummary {
  readonly score: number;
  readonly matched: readonly string[];
}

/** Reads a stored capability row into a {@link CapabilitySummary}. */
export function summarizeCapability(record: ActiveCapabilityRecord): CapabilitySummary {
  const parameters = (record.parameters ?? {}) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  const required = new Set(parameters.required ?? []);
  const inputs = Object.entries(parameters.properties ?? {}).map(([name, schema]) => ({
    name,
    ...(schema.type !== undefined
      ? { type: Array.isArray(schema.type) ? schema.type.join('|') : String(schema.type) }
      : {}),
    ...(typeof schema.data_type === 'string' ? { dataType: schema.data_type } : {}),
    required: required.has(name),
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
  }));
  return {
    plugin: record.pluginName,
    pluginVersion: record.version,
    capability: record.name,
    description: record.description ?? '',
    tags: record.tags,
    inputs,
    inputTypes: record.inputTypes,
    outputTypes: record.outputTypes,
  };
}

/** Ranked search over capabilities. */
export interface CapabilitySearch {
  /** Capabilities indexed. */
  readonly size: number;
  /** The best matches for plain words, best first. */
  search(query: string, limit?: number): CapabilityHit[];
}

/**
 * Indexes capabilities for BM25 search over their names (weight 3), tags (2), plugin name (2),
 * descriptions (1), input names and descriptions (1), and input/output data types (1.5).
 */
export function createCapabilitySearch(
  records: readonly ActiveCapabilityRecord[],
): CapabilitySearch {
  const summaries = records.map(summarizeCapability);
  const index: Bm25Index<CapabilitySummary> = createBm25Index(
    summaries.map((summary) => ({
      value: summary,
      fields: [
        { terms: tokenize(summary.capability), weight: 3 },
        { terms: tokenize(summary.tags.join(' ')), weight: 2 },
        { terms: tokenize(summary.plugin), weight: 2 },
        { terms: tokenize(summary.description), weight: 1 },
        {
          terms: tokenize(
            summary.inputs.map((input) => `${input.name} ${input.description ?? ''}`).join(' '),
          ),
          weight: 1,
        },
        { terms: tokenize([...summary.inputTypes, ...summary.outputTypes].join(' ')), weight: 1.5 },
      ],
    })),
  );
  return {
    size: index.size,
    search(query, limit = 10) {
      return index
        .search(tokenize(query), limit)
        .map((hit) => ({ ...hit.value, score: hit.score, matched: hit.matched }));
    },
  };
}
