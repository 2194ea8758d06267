import {
  type CapabilityCatalog,
  type CatalogEntry,
  compatibility,
  type DataType,
} from '@mark1/sdk';
import type { CapabilityRanker } from '../retrieval/create-capability-ranker';
import { classifyInputs, type InputInfo } from './input-roles';

/** A capability that turns one data type into another, found to connect two steps. */
export interface Bridge {
  readonly entry: CatalogEntry;
  /** Its one data input, which takes the value. */
  readonly input: InputInfo;
  /** Its output of the wanted type. */
  readonly output: string;
}

const rolesCache = new WeakMap<CatalogEntry, InputInfo[]>();

/** The inputs of a catalog entry with their roles, computed once per entry. */
export function inputsOf(entry: CatalogEntry): InputInfo[] {
  let roles = rolesCache.get(entry);
  if (!roles) {
    roles = classifyInputs(entry.capability);
    rolesCache.set(entry, roles);
  }
  return roles;
}

/**
 * A capability with exactly one data input taking `from` exactly and an output of type `to`
 * (exactly), and no other required input without a default: the converter a person would insert
 * ("scrape the table from https://…" needs the page's HTML first). Among several, the one the
 * clause's words rank highest, then the one with the fewest inputs, then by name.
 */
export function findBridge(
  from: DataType,
  to: DataType,
  context: {
    readonly catalog: CapabilityCatalog;
    readonly ranker: CapabilityRanker;
    readonly clause: string;
  },
): Bridge | undefined {
  const { catalog, ranker, clause } = context;
  const found: Bridge[] = [];
  for (const entry of catalog.entries()) {
    const inputs = inputsOf(entry);
    const data = inputs.filter((input) => input.role === 'data' && input.required);
    if (data.length !== 1 || data[0]!.dataType !== from) continue;
    if (inputs.some((input) => input.required && input.role !== 'data')) continue;
    const output = Object.entries(entry.capability.outputs).find(
      ([, spec]) => compatibility(spec.type, to) === 'exact',
    );
    if (!output) continue;
    found.push({ entry, input: data[0]!, output: output[0] });
  }
  if (found.length <= 1) return found[0];
  const ranked = ranker.rank(clause, { limit: 50 });
  const rankOf = (bridge: Bridge) => {
    const position = ranked.findIndex(
      (candidate) =>
        candidate.plugin === bridge.entry.plugin &&
        candidate.capability === bridge.entry.capability.name,
    );
    return position < 0 ? Number.POSITIVE_INFINITY : position;
  };
  return found.sort(
    (a, b) =>
      rankOf(a) - rankOf(b) ||
      Object.keys(a.entry.capability.inputs.properties).length -
        Object.keys(b.entry.capability.inputs.properties).length ||
      `${a.entry.plugin}/${a.entry.capability.name}`.localeCompare(
        `${b.entry.plugin}/${b.entry.capability.name}`,
      ),
  )[0];
}
