import { storageError, StorageErrorCodes } from '../errors';
import { notFound, runQuery, type RepositoryContext } from './repository-context';

/** The states each state may move to. */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

/** The states that may move to `to`. */
export function statesLeadingTo<S extends string>(table: TransitionTable<S>, to: S): S[] {
  return (Object.keys(table) as S[]).filter((from) => table[from].includes(to));
}

/** What {@link applyTransition} changes. */
export interface TransitionRequest<S extends string> {
  readonly table: string;
  readonly id: string;
  readonly to: S;
  readonly transitions: TransitionTable<S>;
  /** Columns to set along with the state. */
  readonly changes: Record<string, unknown>;
  /** `Run 1234`, for messages. */
  readonly what: string;
  /** How to list records of this kind, for the not-found message. */
  readonly listHint: string;
}

/**
 * Moves a record to state `to` only if its current state leads there, in one conditional UPDATE
 * (so two processes cannot both make the same move). Throws `NOT_FOUND` or
 * `STATE_TRANSITION_INVALID` naming the current state and where it may go.
 */
export async function applyTransition<S extends string>(
  context: RepositoryContext,
  request: TransitionRequest<S>,
): Promise<void> {
  const from = statesLeadingTo(request.transitions, request.to);
  const changed = await runQuery(context, `move ${request.what} to ${request.to}`, () =>
    context
      .db(request.table)
      .where('id', request.id)
      .whereIn('state', from)
      .update({ ...request.changes, state: request.to }),
  );
  if (changed > 0) return;
  const current = (await runQuery(context, `reading ${request.what}`, () =>
    context.db(request.table).where('id', request.id).first('state'),
  )) as { state: S } | undefined;
  if (!current) throw notFound(request.what, request.listHint);
  const next = request.transitions[current.state] ?? [];
  throw storageError(
    StorageErrorCodes.STATE_TRANSITION_INVALID,
    `${request.what} is ${current.state} and cannot become ${request.to}; from ${current.state} it may become ${next.length ? next.join(', ') : 'nothing (it is final)'}.`,
    { details: { id: request.id, from: current.state, to: request.to } },
  );
}
