import type { CatalogEntry } from '@mark1/sdk';
import type { BindingSource } from '../types';
import { STEP_ID_DROPPED_VERBS } from './vocabulary';
import type { Intent } from './match-intents';

/** Why a step input holds its value. */
export interface BindingNote {
  readonly source: BindingSource;
  readonly note: string;
}

/** Why a step is in the plan. */
export type StepOrigin =
  /** A clause of the request asked for it. */
  | 'request'
  /** Named inside another clause ("the summary of x"). */
  | 'embedded'
  /** Inserted to turn a value into the type the next step needs (a URL into HTML). */
  | 'bridge';

/** A step being planned. */
export interface StepDraft {
  readonly id: string;
  readonly intent: Intent;
  readonly entry: CatalogEntry;
  readonly origin: StepOrigin;
  /** For a bridge: the step and input it feeds. */
  readonly bridgeFor?: { readonly step: string; readonly input: string };
  readonly inputs: Record<string, unknown>;
  readonly notes: Map<string, BindingNote>;
  readonly dependsOn: Set<string>;
  foreach?: unknown;
  /** Literals this step already uses for options, so they are not bound as its data too. */
  readonly claimed: Set<number>;
}

/** A short, readable step id from a capability name (`analyze-sentiment` → `sentiment`), unique. */
export function stepIdFor(capability: string, taken: ReadonlySet<string>): string {
  const parts = capability.split('-');
  const base =
    parts.length > 1 && STEP_ID_DROPPED_VERBS.has(parts[0]!)
      ? parts.slice(1).join('-')
      : capability;
  const safe = /^[A-Za-z]/.test(base) ? base : `step-${base}`;
  let id = safe.slice(0, 60);
  for (let n = 2; taken.has(id); n += 1) id = `${safe.slice(0, 56)}-${n}`;
  return id;
}

/** `${steps.<id>.outputs.<name>}`. */
export function outputRef(step: string, output: string): string {
  return `\${steps.${step}.outputs.${output}}`;
}

/** `${workflow.inputs.<name>}`. */
export function workflowInputRef(name: string): string {
  return `\${workflow.inputs.${name}}`;
}
