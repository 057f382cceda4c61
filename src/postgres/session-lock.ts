import pg from 'pg';

// PostgreSQL truncates application_name to this many bytes.
const NAME_BYTES = 63;

/**
 * The key of an advisory lock: one bigint, or a pair of int4 where a text stands for its
 * hashtext() and a number for itself. PostgreSQL keeps the two forms apart: a bigint key never
 * meets a pair.
 */
export type AdvisoryLockKey = { readonly bigint: bigint } | { readonly pair: readonly [string | number, string | number] };

export interface SessionLockOptions {
  /** The server's URL, with its password. */
  readonly url: string;
  readonly key: AdvisoryLockKey;
  /** How the holder names itself in pg_stat_activity, where a session refused the lock reads it. */
  readonly applicationName: string;
  /** TCP keepalive on the connection, so that the server notices a dead machine holding the lock sooner. */
  readonly keepAlive?: boolean;
  /** Called once when the connection ends while held (a server restart, a terminated session): the lock is gone with it. */
  readonly onLost?: (error: Error) => void;
}

/** A session advisory lock held by a connection of its own. */
export interface SessionLock {
  /** Ends the connection, which frees the lock; never throws. */
  release(): Promise<void>;
}

export type SessionLockAttempt =
  | { readonly taken: true; readonly lock: SessionLock }
  /** holderName: the application_name of the session holding the lock, undefined when it has ended meanwhile. */
  | { readonly taken: false; readonly holderName: string | undefined };

/**
 * Takes the lock if no other session holds it. The lock lives as long as its connection: a
 * process killed while holding it frees it as soon as the server sees the connection close (at
 * once on a kill, within TCP keepalive when the machine itself dies), so no stale lock is ever
 * broken by hand.
 */
export async function trySessionLock(options: SessionLockOptions): Promise<SessionLockAttempt> {
  const client = await connect(options);
  try {
    const { text, values } = lockCall('pg_try_advisory_lock', options.key);
    const { rows } = await client.query<{ taken: boolean }>(`select ${text} as taken`, values);
    if (rows[0]?.taken) return { taken: true, lock: heldBy(client) };
    const holderName = await holderOf(client, options.key);
    await client.end().catch(() => undefined);
    return { taken: false, holderName };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

/** Takes the lock, waiting as long as other sessions hold it. */
export async function waitForSessionLock(options: SessionLockOptions): Promise<SessionLock> {
  const client = await connect(options);
  try {
    const { text, values } = lockCall('pg_advisory_lock', options.key);
    await client.query(`select ${text}`, values);
    return heldBy(client);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

async function connect(options: SessionLockOptions): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: options.url,
    application_name: truncatedName(options.applicationName),
    ...(options.keepAlive ? { keepAlive: true } : {}),
  });
  // A connection lost while held ends the lock with it: an event for the holder, never a crash.
  let lost = false;
  client.on('error', (error: Error) => {
    if (lost) return;
    lost = true;
    options.onLost?.(error);
  });
  await client.connect();
  return client;
}

function heldBy(client: pg.Client): SessionLock {
  // Closing the session frees its advisory locks: no unlock that could fail first is needed.
  return { release: () => client.end().catch(() => undefined) };
}

/** The lock function called with the key, as SQL text and its parameters. */
function lockCall(fn: string, key: AdvisoryLockKey): { text: string; values: unknown[] } {
  if ('bigint' in key) return { text: `${fn}($1::bigint)`, values: [key.bigint.toString()] };
  return { text: `${fn}(${int4(key.pair[0], 1)}, ${int4(key.pair[1], 2)})`, values: [...key.pair] };
}

function int4(part: string | number, parameter: number): string {
  return typeof part === 'string' ? `hashtext($${parameter})` : `$${parameter}::int4`;
}

/**
 * The application_name of the session holding the lock. pg_locks shows a bigint key as its high
 * and low 32 bits (classid, objid, objsubid 1) and a pair as its two int4 (objsubid 2), each
 * read as an unsigned oid.
 */
async function holderOf(client: pg.Client, key: AdvisoryLockKey): Promise<string | undefined> {
  const [classid, objid, objsubid, values] =
    'bigint' in key
      ? ['($1::bigint >> 32) & 4294967295', '$1::bigint & 4294967295', 1, [key.bigint.toString()]]
      : [`${int4(key.pair[0], 1)}::bigint & 4294967295`, `${int4(key.pair[1], 2)}::bigint & 4294967295`, 2, [...key.pair]];
  const { rows } = await client.query<{ name: string | null }>(
    `select a.application_name as name
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.objsubid = ${objsubid}
        and l.database = (select oid from pg_database where datname = current_database())
        and l.classid = (${classid})::oid and l.objid = (${objid})::oid`,
    values,
  );
  return rows[0]?.name ?? undefined;
}

/** The name cut to what the server keeps, at a character's end rather than inside one. */
function truncatedName(name: string): string {
  return Buffer.from(name).subarray(0, NAME_BYTES).toString('utf8').replace(/\uFFFD$/, '');
}
