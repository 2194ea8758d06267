import type { PluginResolver, ResolvedPlugin } from '@mark1/sdk';
import { Semaphore } from '../engine/semaphore';
import { type InvocationServices, invokeCapability } from '../invocation/invoke-capability';
import type { StepDispatcher } from './step-dispatcher';

/** How long a resolved plugin is reused before it is asked for again. */
const RESOLVE_TTL_MS = 5000;

/** Options of {@link createLocalDispatcher}. */
export interface LocalDispatcherOptions {
  /**
   * Most calls running at once in this process, over every run it serves (each run also keeps to
   * its own `max_concurrent`).
   * @default unlimited
   */
  concurrency?: number;
}

/** The default dispatcher: a pool of call slots in this process; each call starts its plugin in the sandbox. */
export function createLocalDispatcher(
  services: InvocationServices,
  options: LocalDispatcherOptions = {},
): StepDispatcher {
  const slots = new Semaphore(options.concurrency ?? Number.POSITIVE_INFINITY);
  const cleanups = new Set<Promise<void>>();
  // Workspaces are removed after the call has answered: one less wait on every step.
  // A run resolves the same plugins over and over; the registry's resolver reads the database
  // (and decrypts secrets) each time, so answers are kept for a few seconds.
  const resolved = new Map<string, { at: number; plugin: Promise<ResolvedPlugin> }>();
  const resolver: PluginResolver = {
    resolve(name) {
      const cached = resolved.get(name);
      if (cached && Date.now() - cached.at < RESOLVE_TTL_MS) return cached.plugin;
      const plugin = services.resolver.resolve(name);
      resolved.set(name, { at: Date.now(), plugin });
      plugin.catch(() => resolved.delete(name));
      return plugin;
    },
  };
  const withCleanup: InvocationServices = {
    ...services,
    resolver,
    deferCleanup: (cleanup) => {
      cleanups.add(cleanup);
      void cleanup.finally(() => cleanups.delete(cleanup));
    },
  };
  let closed = false;
  const settle = async () => {
    while (cleanups.size > 0) await Promise.all(cleanups);
  };
  return {
    dispatch(call, hooks) {
      if (closed) return Promise.reject(new Error('the dispatcher is closed'));
      return slots.run(() => invokeCapability(withCleanup, call, hooks), hooks.signal);
    },
    settle,
    async close() {
      closed = true;
      await settle();
    },
  };
}
