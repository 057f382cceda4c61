import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountPaths } from '../cycle/account-paths.js';
import { isProcessAlive, RunLock, RunLockedError } from '../cycle/run-lock.js';

/** One scheduler per account: the daemon, or a `daemon --once` tick from cron, holds this lock. */
export function daemonLockPath(paths: AccountPaths): string {
  return join(paths.state, 'daemon.lock');
}

export class DaemonLockedError extends Error {
  constructor(readonly holderPid: number, readonly holder: string, path: string) {
    super(`another scheduler (${holder}, process ${holderPid}) runs for this account, holding ${path}: only one daemon per account; stop it first (kill -TERM ${holderPid}) or leave the work to it`);
    this.name = 'DaemonLockedError';
  }
}

/** The run lock's class under another file name: O_EXCL creation, and a dead holder's lock taken over. */
export function acquireDaemonLock(paths: AccountPaths, holder: string): RunLock {
  const path = daemonLockPath(paths);
  const lock = new RunLock(path);
  try {
    lock.acquire(holder);
  } catch (error) {
    if (error instanceof RunLockedError) throw new DaemonLockedError(error.holderPid, error.holderRunId, path);
    throw error;
  }
  return lock;
}

/** The process id of the live daemon of the account, if one runs (for `status`). */
export function runningDaemonPid(paths: AccountPaths): number | undefined {
  try {
    const { pid } = JSON.parse(readFileSync(daemonLockPath(paths), 'utf8')) as { pid: number };
    return Number.isInteger(pid) && isProcessAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}
