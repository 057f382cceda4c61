import { join } from 'node:path';
import type { AccountPaths } from '../cycle/account-paths.js';
import { isHolderAlive } from '../cycle/process-identity.js';
import { readLockHolder, RunLock, RunLockedError } from '../cycle/run-lock.js';

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

/** The run lock's class under another file name: atomic creation, and a dead holder's lock taken over by exactly one. */
export function acquireDaemonLock(paths: AccountPaths, holder: string): RunLock {
  const path = daemonLockPath(paths);
  const lock = new RunLock(path);
  try {
    lock.acquire(holder, 'daemon');
  } catch (error) {
    if (error instanceof RunLockedError) throw new DaemonLockedError(error.holderPid, error.holderRunId, path);
    throw error;
  }
  return lock;
}

/** The process id of the live daemon of the account, if one runs (for `status`). */
export function runningDaemonPid(paths: AccountPaths): number | undefined {
  try {
    const holder = readLockHolder(daemonLockPath(paths));
    return holder && isHolderAlive(holder) ? holder.pid : undefined;
  } catch {
    return undefined;
  }
}
