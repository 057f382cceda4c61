import { closeSync, fstatSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { currentProcessIdentity, isHolderAlive, type ProcessIdentity } from './process-identity.js';

export { isProcessAlive } from './process-identity.js';

/** What the holder of a lock is doing: a run that waits for the lock decides by this whether waiting makes sense. */
export type LockPurpose = 'trade' | 'end-of-day' | 'dry-run' | 'reconcile' | 'cashflow' | 'daemon';

export interface LockHolder extends ProcessIdentity {
  readonly runId: string;
  readonly purpose?: LockPurpose;
  /** The machine of the holder, where the lock is shared by machines (PostgreSQL's advisory lock). */
  readonly host?: string;
}

/**
 * The single-run lock of an account, wherever it is kept: the lock file beside a SQLite
 * database (RunLock), or PostgreSQL's advisory lock when many machines share the database.
 */
export interface AccountLock {
  /** The lock for messages: its file, or the PostgreSQL schema it guards. */
  readonly where: string;
  /** Throws RunLockedError when another run holds the lock. */
  acquire(runId: string, purpose?: LockPurpose): Promise<void>;
  /** As acquire, but waits while the holder is one that `wait.mayWaitFor` accepts (see RunLock.acquireWaiting). */
  acquireWaiting(runId: string, purpose: LockPurpose, wait: LockWait): Promise<void>;
  release(): Promise<void>;
}

export interface LockWait {
  readonly waitMs: number;
  readonly mayWaitFor: (holder: LockHolder) => boolean;
  readonly onWait: (holder: LockHolder) => void;
}

/** Tries `acquire` until it succeeds, or its RunLockedError names a holder not worth waiting for, or the wait is over. */
export async function acquireWaitingFor(acquire: () => void | Promise<void>, wait: LockWait): Promise<void> {
  const deadline = Date.now() + wait.waitMs;
  let told = false;
  for (;;) {
    try {
      await acquire();
      return;
    } catch (error) {
      if (!(error instanceof RunLockedError) || !wait.mayWaitFor(error.holder) || Date.now() >= deadline) throw error;
      if (!told) wait.onWait(error.holder);
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The account's lock file as an AccountLock. */
export function fileAccountLock(path: string): AccountLock {
  const lock = new RunLock(path);
  return {
    where: path,
    acquire: async (runId, purpose) => lock.acquire(runId, purpose),
    acquireWaiting: (runId, purpose, wait) => lock.acquireWaiting(runId, purpose, wait),
    release: async () => lock.release(),
  };
}

export class RunLockedError extends Error {
  constructor(readonly holder: LockHolder, path: string) {
    super(`another run (${holder.purpose ? `${holder.purpose} ` : ''}${holder.runId}, process ${holder.pid}${holder.host ? ` on ${holder.host}` : ''}) holds the lock ${path}: only one run per account at a time; this one exits without doing anything`);
    this.name = 'RunLockedError';
  }

  get holderPid(): number {
    return this.holder.pid;
  }

  get holderRunId(): string {
    return this.holder.runId;
  }
}

/** A lock file as found on disk: its bytes and inode tell one lock from the next at the same path. */
interface Observed {
  readonly raw: string;
  readonly ino: number;
  readonly holder?: LockHolder;
  readonly ageMs: number;
}

// A lock file appears whole (it is linked into place after being written), so an unreadable one
// was written by something else (an older autofolio, a person); while young it is left alone.
const UNREADABLE_GRACE_MS = 5_000;
// Each level of breaking a stale lock is itself a lock; only a breaker killed inside the few
// instructions between taking a level and finishing it leaves one more level to break.
const MAX_BREAK_DEPTH = 4;

/**
 * The single-run lock of an account. Of any number of processes that try at once, exactly one
 * holds it:
 * - a lock is created by link(2) of a fully written temporary file, which fails if the lock
 *   exists, so a lock is never seen half written;
 * - a lock whose holder is gone (not the same process: another boot, or its process id now
 *   belongs to a process that started at another time) is removed only by the one process
 *   that creates the "break" token named after that very lock (its inode and bytes). Nobody
 *   else can remove or replace it meanwhile, so that process checks it is still the stale one
 *   and unlinks it; then every contender tries link(2) again and one wins.
 */
export class RunLock {
  readonly #path: string;
  #held: string | undefined;

  constructor(path: string) {
    this.#path = path;
  }

  acquire(runId: string, purpose?: LockPurpose): void {
    mkdirSync(dirname(this.#path), { recursive: true, mode: 0o700 });
    const holder: LockHolder = { ...currentProcessIdentity(), runId, ...(purpose ? { purpose } : {}) };
    const raw = JSON.stringify(holder);
    takeExclusive(this.#path, raw, 0);
    this.#held = raw;
  }

  /**
   * As acquire, but while the holder is one that `mayWaitFor` accepts (a dry run, a
   * reconcile: short and sending nothing), waits for it, up to `waitMs`, telling `onWait` once.
   */
  acquireWaiting(runId: string, purpose: LockPurpose, wait: LockWait): Promise<void> {
    return acquireWaitingFor(() => this.acquire(runId, purpose), wait);
  }

  release(): void {
    if (this.#held === undefined) return;
    // Only our own lock is removed: if the file now holds another's bytes, it is theirs.
    if (observe(this.#path)?.raw === this.#held) rmSync(this.#path, { force: true });
    this.#held = undefined;
  }
}

/** The holder of the lock at `path`, if the file is there and readable. */
export function readLockHolder(path: string): LockHolder | undefined {
  return observe(path)?.holder;
}

function takeExclusive(path: string, raw: string, depth: number): void {
  // A racer that loses the break of a stale lock to another tries again: a few rounds suffice,
  // because each round either finds a live holder (and stops) or sees the stale lock removed.
  for (let round = 0; round < 20; round++) {
    if (createLinked(path, raw)) return;
    const found = observe(path);
    if (found === undefined) continue;
    if (!isStale(found)) throw new RunLockedError(found.holder ?? { pid: -1, runId: 'unknown (lock being written)' }, path);
    if (depth >= MAX_BREAK_DEPTH) throw new Error(`cannot break the stale lock ${path}: ${depth} breakers died while breaking it; remove ${path} and files named ${path}.break-* by hand once no autofolio runs`);
    breakStale(path, found, depth);
  }
  const last = observe(path);
  throw new RunLockedError(last?.holder ?? { pid: -1, runId: 'unknown' }, path);
}

function breakStale(path: string, stale: Observed, depth: number): void {
  // node:crypto is loaded here, where a stale lock is broken (seldom), not by every command that
  // imports this module (\`status\` among them), for which it was a noticeable part of the start.
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  const token = `${path}.break-${createHash('sha256').update(`${stale.ino}\n${stale.raw}`).digest('hex').slice(0, 16)}`;
  const breaker = JSON.stringify({ ...currentProcessIdentity(), runId: `breaking ${path}` });
  try {
    takeExclusive(token, breaker, depth + 1);
  } catch (error) {
    // Another live process is breaking this same stale lock: it will remove it.
    if (error instanceof RunLockedError) return;
    throw error;
  }
  try {
    const now = observe(path);
    if (now && now.ino === stale.ino && now.raw === stale.raw) unlinkSync(path);
  } finally {
    if (observe(token)?.raw === breaker) rmSync(token, { force: true });
  }
}

function isStale(found: Observed): boolean {
  if (found.holder) return !isHolderAlive(found.holder);
  return found.ageMs >= UNREADABLE_GRACE_MS;
}

/** Creates `path` holding `raw` if no file is there; false if one is. */
function createLinked(path: string, raw: string): boolean {
  // Unique, not unpredictable ('wx' refuses a file that exists): Math.random tells apart the
  // threads of one process, which share its pid.
  const temp = `${path}.${process.pid}.${Math.floor(Math.random() * 2 ** 48).toString(36)}.tmp`;
  writeFileSync(temp, raw, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function observe(path: string): Observed | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // The inode and the bytes come from one open file, so they describe the same lock even if
  // the path is replaced meanwhile.
  try {
    const { ino, mtimeMs } = fstatSync(fd);
    const raw = readFileSync(fd, 'utf8');
    const holder = parseHolder(raw);
    return { raw, ino, ageMs: Date.now() - mtimeMs, ...(holder ? { holder } : {}) };
  } finally {
    closeSync(fd);
  }
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LockHolder>;
    if (!Number.isInteger(value.pid) || typeof value.runId !== 'string') return undefined;
    return value as LockHolder;
  } catch {
    return undefined;
  }
}
