import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { acquireWaitingFor, RunLockedError, type AccountLock, type LockHolder, type LockPurpose, type LockWait } from '../cycle/run-lock.js';
import type { PostgresLocation } from './postgres.js';

// PostgreSQL truncates application_name to this many bytes.
const NAME_BYTES = 63;

/**
 * The single-run lock of an account kept on PostgreSQL: a session advisory lock keyed by the
 * account's schema, so that two machines sharing the database cannot run one account at once
 * (a lock file guards one machine only). The lock lives as long as the connection that took it:
 * a process killed mid-run frees it as soon as the server sees the connection close (at once on
 * a kill, within TCP keepalive when the machine itself dies), so no stale lock is ever broken by
 * hand. The holder names itself in its connection's application_name, set before it takes the
 * lock, so that a run refused can say who holds it and whether waiting makes sense.
 */
export class PostgresRunLock implements AccountLock {
  readonly where: string;
  readonly #location: PostgresLocation;
  readonly #key: { readonly high: number; readonly low: number; readonly both: string };
  #client: pg.Client | undefined;

  constructor(location: PostgresLocation) {
    this.#location = location;
    this.#key = lockKey(location.schema);
    this.where = `PostgreSQL advisory lock of schema ${location.schema}`;
  }

  async acquire(runId: string, purpose?: LockPurpose): Promise<void> {
    if (this.#client) throw new Error(`${this.where} is already held by this process`);
    const client = new pg.Client({ connectionString: this.#location.url, keepAlive: true, application_name: holderName(runId, purpose) });
    // A connection lost while held (server restart) ends the lock with it; the error must not crash the run.
    client.on('error', () => undefined);
    await client.connect();
    try {
      const { rows } = await client.query<{ taken: boolean }>('select pg_try_advisory_lock($1::bigint) as taken', [this.#key.both]);
      if (!rows[0]?.taken) throw new RunLockedError(await this.#holder(client), this.where);
      this.#client = client;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  acquireWaiting(runId: string, purpose: LockPurpose, wait: LockWait): Promise<void> {
    return acquireWaitingFor(() => this.acquire(runId, purpose), wait);
  }

  async release(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    this.#client = undefined;
    // Closing the session frees its advisory locks: no unlock that could fail first is needed.
    await client.end().catch(() => undefined);
  }

  async #holder(client: pg.Client): Promise<LockHolder> {
    const { rows } = await client.query<{ name: string | null }>(
      `select a.application_name as name
         from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.granted and l.objsubid = 1
          and l.database = (select oid from pg_database where datname = current_database())
          and l.classid = $1::bigint::oid and l.objid = $2::bigint::oid`,
      [this.#key.high, this.#key.low],
    );
    return parseHolderName(rows[0]?.name ?? '') ?? { pid: -1, runId: 'unknown (another autofolio process or a session of its own)' };
  }
}

/**
 * A bigint key from the schema name. pg_locks shows a bigint key as its high and low 32 bits
 * (classid, objid); the high part is kept to 24 bits so the key is positive.
 */
function lockKey(schema: string): { high: number; low: number; both: string } {
  const digest = createHash('sha256').update(`autofolio run lock ${schema}`).digest();
  const high = digest.readUIntBE(0, 3);
  const low = digest.readUInt32BE(3);
  return { high, low, both: ((BigInt(high) << 32n) | BigInt(low)).toString() };
}

function holderName(runId: string, purpose: LockPurpose | undefined): string {
  const name = `autofolio ${purpose ?? 'run'} ${runId} ${process.pid}@${hostname()}`;
  return Buffer.from(name).subarray(0, NAME_BYTES).toString('utf8').replace(/\uFFFD$/, '');
}

export function parseHolderName(name: string): LockHolder | undefined {
  const match = /^autofolio (\S+) (\S+) (\d+)@(.*)$/.exec(name);
  if (!match) return undefined;
  const [, purpose, runId, pid, host] = match;
  return { pid: Number(pid), runId: runId!, ...(purpose !== 'run' ? { purpose: purpose as LockPurpose } : {}), ...(host ? { host } : {}) };
}
