import type { CallHooks, CallResult, CapabilityCall } from '../invocation/invoke-capability';

/**
 * How the engine gets a capability called. The engine hands over plain data (a
 * {@link CapabilityCall}) and gets a {@link CallResult} or a Mark-1 error back, so a dispatcher may
 * run calls in this process (the default), or send them to workers on other machines through a
 * job queue, without the engine changing.
 */
export interface StepDispatcher {
  /** Runs one call; rejects with a Mark-1 error when it fails. `hooks.signal` cancels it. */
  dispatch(call: CapabilityCall, hooks: CallHooks): Promise<CallResult>;
  /** Resolves once the work calls left behind (workspace removal) is done. */
  settle?(): Promise<void>;
  /** Stops accepting calls and releases what the dispatcher holds (warm workers, connections). */
  close(): Promise<void>;
}
