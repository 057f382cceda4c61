import { trySessionLock } from '../postgres/session-lock.js';

/** Held while a worker runs an account's cycle; released by `release()` or by the connection's end. */
export interface AccountLock {
  release(): Promise<void>;
}

/**
 * Takes the account's PostgreSQL advisory lock on a connection of its own, or returns undefined
 * when another worker holds it. The lock lives as long as the connection: a worker that dies
 * (kill -9, a lost machine) loses its connection and with it the lock, while a worker whose job
 * outlived its pg-boss lease still holds it, so the retried job cannot run beside the first.
 */
export async function tryLockAccount(url: string, accountId: string, onLost: (error: Error) => void = () => undefined): Promise<AccountLock | undefined> {
  // A connection the server ends (a restart, a terminated session) is an event, not a crash of
  // the worker: the running cycle finishes, and the queue's singleton still keeps the account's
  // next job waiting for this one.
  const attempt = await trySessionLock({ url, key: { pair: ['autofolio-queue', accountId] }, applicationName: `autofolio worker ${accountId}`, onLost });
  return attempt.taken ? attempt.lock : undefined;
}
