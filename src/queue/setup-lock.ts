import pg from 'pg';

/**
 * Runs `body` under a PostgreSQL advisory lock that every queue process takes while it creates
 * the queue's tables (the registry, pg-boss's schema and queue): workers and schedulers started
 * at once on a new database would otherwise run the same DDL together, and PostgreSQL ends one
 * of them with "deadlock detected".
 */
export async function withSetupLock<T>(url: string, body: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'autofolio queue setup' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext('autofolio-queue-setup'), 0)");
    return await body();
  } finally {
    // Ending the session releases the lock too.
    await client.end().catch(() => undefined);
  }
}
