import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogFields } from './logger.js';

const context = new AsyncLocalStorage<LogFields>();

/**
 * Runs `body` with `fields` (a run id, a step) added to every log line written inside it, also
 * by code that was given no logger of its own (a broker session's notices during a step).
 */
export function withLogContext<T>(fields: LogFields, body: () => T): T {
  return context.run({ ...(context.getStore() ?? {}), ...fields }, body);
}

/** The fields of the innermost withLogContext around the caller. */
export function currentLogContext(): LogFields {
  return context.getStore() ?? {};
}
