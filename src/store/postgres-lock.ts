import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { acquireWaitingFor, RunLockedError, type AccountLock, type LockHolder, type LockPurpose, type LockWait } from '../cycle/run-lock.js';
import { trySessionLock, type SessionLock } from '../postgres/session-lock.js';
import type { PostgresLocation } from './postgres.js';

/**
 * The single-run lock of an account kept on PostgreSQL: a session advisory lock keyed by the
 * account's schema, so that two machines sharing the database cannot run one account at once
 * (a lock file guards one machine only). The lock lives as long as the connection that took it:
 * a process killed mid-run frees it as soon as the server sees the connection close, so no stale
 * lock is ever broken by hand. The holder names itself in its connection's application_name,
 * set before it takes the lock, so that a run refused can say who holds it and whether waiting
 * makes sense.
 */
export class PostgresRunLock implements AccountLock {
  readonly where: string;
  readonly #location: PostgresLocation;
  readonly #key: bigint;
  #held: SessionLock | undefined;

  constructor(location: PostgresLocation) {
    this.#location = location;
    this.#key = lockKey(location.schema);
    this.where = `PostgreSQL advisory lock of schema ${location.schema}`;
  }

  async acquire(runId: string, purpose?: LockPurpose): Promise<void> {
    if (this.#held) throw new Error(`${this.where} is already held by this process`);
    const attempt = await trySessionLock({ url: this.#location.url, key: { bigint: this.#key }, applicationName: holderName(runId, purpose), keepAlive: true });
    if (!attempt.taken) throw new RunLockedError(parseHolderName(attempt.holderName ?? '') ?? { pid: -1, runId: 'unknown (another autofolio process or a session of its own)' }, this.where);
    this.#held = attempt.lock;
  }

  acquireWaiting(runId: string, purpose: LockPurpose, wait: LockWait): Promise<void> {
    return acquireWaitingFor(() => this.acquire(runId, purpose), wait);
  }

  async release(): Promise<void> {
    const held = this.#held;
    if (!held) return;
    this.#held = undefined;
    await held.release();
  }
}

/** A bigint key from the schema name; its high part is kept to 24 bits so the key is positive. */
function lockKey(schema: string): bigint {
  const digest = createHash('sha256').update(`autofolio run lock ${schema}`).digest();
  return (BigInt(digest.readUIntBE(0, 3)) << 32n) | BigInt(digest.readUInt32BE(3));
}

/** What a refused run reads back with parseHolderName; the session lock cuts it to what PostgreSQL keeps. */
function holderName(runId: string, purpose: LockPurpose | undefined): string {
  return `autofolio ${purpose ?? 'run'} ${runId} ${process.pid}@${hostname()}`;
}

export function parseHolderName(name: string): LockHolder | undefined {
  const match = /^autofolio (\S+) (\S+) (\d+)@(.*)$/.exec(name);
  if (!match) return undefined;
  const [, purpose, runId, pid, host] = match;
  return { pid: Number(pid), runId: runId!, ...(purpose !== 'run' ? { purpose: purpose as LockPurpose } : {}), ...(host ? { host } : {}) };
}
