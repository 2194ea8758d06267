/** Where the server is in its life. */
export type ServerPhase = 'starting' | 'ready' | 'stopping';

/** The server's phase and start time, shared by health routes, event streams and shutdown. */
export interface ServerState {
  phase: ServerPhase;
  readonly startedAt: number;
  /** The package version. */
  readonly version: string;
  /** Aborts when the server starts stopping: open event streams end so connections can close. */
  readonly stopping: AbortSignal;
  /** Moves to `stopping` and aborts {@link stopping}. */
  stop(): void;
}

/** A fresh state in `starting`. */
export function createServerState(version: string): ServerState {
  const controller = new AbortController();
  const state: ServerState = {
    phase: 'starting',
    startedAt: Date.now(),
    version,
    stopping: controller.signal,
    stop() {
      state.phase = 'stopping';
      controller.abort();
    },
  };
  return state;
}
