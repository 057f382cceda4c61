import type { OutboxStore } from './outbox-store.js';

/**
 * The outbox when the database that holds it cannot be opened: every call fails with the
 * reason, so the notifier falls back to sending straight through its channels (see
 * QueuedNotifier.send).
 */
export function unavailableOutbox(reason: string): OutboxStore {
  const fail = (): Promise<never> => Promise.reject(new Error(`no outbox: ${reason}`));
  return { enqueue: fail, claimDue: fail, release: fail, markSent: fail, markFailed: fail, expire: fail, counts: fail, updateFold: fail, clearFolds: fail };
}
