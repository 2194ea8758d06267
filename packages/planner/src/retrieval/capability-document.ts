import { type CatalogEntry, type DataType, dataTypeOfSchema, type InputSchema } from '@mark1/sdk';
import { contentTerms, type Term } from '../text/tokenize';

/**
 * How much a word counts by where it appears. A word in the capability's name says more about what
 * it does than a word in its plugin's description.
 */
const FIELD_WEIGHTS = {
  capabilityName: 3,
  tags: 2,
  pluginName: 1.5,
  description: 1,
  ioNames: 1,
  pluginDescription: 0.5,
  inputDescriptions: 0.4,
  options: 0.3,
} as const;

/** A capability as the ranker indexes it. */
export interface CapabilityDocument {
  readonly entry: CatalogEntry;
  /** Weighted frequency of each stem. */
  readonly termWeights: ReadonlyMap<string, number>;
  /** The word as written for each stem, to show which words matched. */
  readonly surface: ReadonlyMap<string, string>;
  /** Sum of the term weights (the document length BM25 normalizes by). */
  readonly length: number;
  /** Data types of the required inputs. */
  readonly consumes: ReadonlySet<DataType>;
  /** Data types of every input. */
  readonly accepts: ReadonlySet<DataType>;
  /** Data types of the outputs. */
  readonly produces: ReadonlySet<DataType>;
  /** Enum values of the inputs, lowercased ("csv" for a report's `format`). */
  readonly options: ReadonlySet<string>;
}

/** The data type of an input; for a list, the type of its items. */
export function inputDataType(schema: InputSchema): DataType {
  if (schema.type === 'array' && schema.items && !schema.data_type)
    return dataTypeOfSchema(schema.items);
  return dataTypeOfSchema(schema);
}

/** Builds the indexed form of one catalog entry. */
export function createCapabilityDocument(entry: CatalogEntry): CapabilityDocument {
  const termWeights = new Map<string, number>();
  const surface = new Map<string, string>();
  let length = 0;
  const add = (terms: readonly Term[], weight: number) => {
    for (const term of terms) {
      termWeights.set(term.stem, (termWeights.get(term.stem) ?? 0) + weight);
      if (!surface.has(term.stem)) surface.set(term.stem, term.word);
      length += weight;
    }
  };
  const { capability } = entry;
  add(contentTerms(capability.name), FIELD_WEIGHTS.capabilityName);
  add(
    contentTerms([...capability.tags, ...(entry.pluginTags ?? [])].join(' ')),
    FIELD_WEIGHTS.tags,
  );
  add(contentTerms(entry.plugin), FIELD_WEIGHTS.pluginName);
  add(contentTerms(capability.description), FIELD_WEIGHTS.description);
  add(contentTerms(entry.pluginDescription ?? ''), FIELD_WEIGHTS.pluginDescription);

  const consumes = new Set<DataType>();
  const accepts = new Set<DataType>();
  const produces = new Set<DataType>();
  const options = new Set<string>();
  const required = new Set(capability.inputs.required);
  for (const [name, schema] of Object.entries(capability.inputs.properties)) {
    add(contentTerms(name), FIELD_WEIGHTS.ioNames);
    add(contentTerms(schema.description ?? ''), FIELD_WEIGHTS.inputDescriptions);
    const type = inputDataType(schema);
    accepts.add(type);
    if (required.has(name) && schema.default === undefined) consumes.add(type);
    for (const value of schema.enum ?? []) {
      if (typeof value !== 'string') continue;
      options.add(value.toLowerCase());
      add(contentTerms(value), FIELD_WEIGHTS.options);
    }
  }
  for (const [name, output] of Object.entries(capability.outputs)) {
    add(contentTerms(name), FIELD_WEIGHTS.ioNames);
    add(contentTerms(output.description ?? ''), FIELD_WEIGHTS.inputDescriptions);
    produces.add(output.type);
  }
  return { entry, termWeights, surface, length, consumes, accepts, produces, options };
}
