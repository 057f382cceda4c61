import { waitForSessionLock } from '../postgres/session-lock.js';

/**
 * Runs `body` under a PostgreSQL advisory lock that every queue process takes while it creates
 * the queue's tables (the registry, pg-boss's schema and queue): workers and schedulers started
 * at once on a new database would otherwise run the same DDL together, and PostgreSQL ends one
 * of them with "deadlock detected".
 */
export async function withSetupLock<T>(url: string, body: () => Promise<T>): Promise<T> {
  const lock = await waitForSessionLock({ url, key: { pair: ['autofolio-queue-setup', 0] }, applicationName: 'autofolio queue setup' });
  try {
    return await body();
  } finally {
    await lock.release();
  }
}
