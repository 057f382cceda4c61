import type { Kysely, RawBuilder } from 'kysely';
import { openPostgresKysely } from '../postgres/kysely.js';
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

/**
 * A Kysely on the queue's database with `table` made if it is not there (under the setup lock),
 * for the queue's own tables beside pg-boss's: the registry, the sweeps' results.
 */
export async function openQueueTable<S>(url: string, maxConnections: number, table: RawBuilder<unknown>): Promise<Kysely<S>> {
  const db = openPostgresKysely<S>({ url, maxConnections });
  try {
    await withSetupLock(url, () => table.execute(db));
  } catch (error) {
    await db.destroy();
    throw new Error(`the queue's database cannot be opened: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return db;
}
