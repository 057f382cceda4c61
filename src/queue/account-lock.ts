import pg from 'pg';

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
  const client = new pg.Client({ connectionString: url, application_name: `autofolio worker ${accountId}` });
  // A connection the server ends (a restart, a terminated session) is an event, not a crash of
  // the worker: the running cycle finishes, and the queue's singleton still keeps the account's
  // next job waiting for this one.
  let lost = false;
  client.on('error', (error: Error) => {
    if (lost) return;
    lost = true;
    onLost(error);
  });
  await client.connect();
  try {
    const result = await client.query<{ locked: boolean }>("select pg_try_advisory_lock(hashtext('autofolio-queue'), hashtext($1)) as locked", [accountId]);
    if (result.rows[0]?.locked) return { release: () => client.end().catch(() => undefined) };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  await client.end();
  return undefined;
}
