import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export class RunLockedError extends Error {
  constructor(readonly holderPid: number, readonly holderRunId: string, path: string) {
    super(`another run (${holderRunId}, process ${holderPid}) holds the lock ${path}: only one run per account at a time; this one exits without doing anything`);
    this.name = 'RunLockedError';
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The single-run lock: a file created with O_EXCL, so that of two runs started together
 * exactly one creates it. A lock left by a dead process (kill -9, power loss) is taken over;
 * its run is then marked interrupted by the cycle.
 */
export class RunLock {
  readonly #path: string;
  #held = false;

  constructor(path: string) {
    this.#path = path;
  }

  acquire(runId: string): void {
    mkdirSync(dirname(this.#path), { recursive: true, mode: 0o700 });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.#path, 'wx', 0o600);
        writeSync(fd, JSON.stringify({ pid: process.pid, runId }));
        closeSync(fd);
        this.#held = true;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = this.#readHolder();
        if (holder && isProcessAlive(holder.pid)) throw new RunLockedError(holder.pid, holder.runId, this.#path);
        // The holder is gone. Remove its lock once and try again; if a third run wins the
        // race for the new lock, the second attempt reports that run as the holder.
        rmSync(this.#path, { force: true });
      }
    }
    const holder = this.#readHolder();
    throw new RunLockedError(holder?.pid ?? -1, holder?.runId ?? 'unknown', this.#path);
  }

  release(): void {
    if (this.#held) rmSync(this.#path, { force: true });
    this.#held = false;
  }

  #readHolder(): { pid: number; runId: string } | undefined {
    try {
      const parsed = JSON.parse(readFileSync(this.#path, 'utf8')) as { pid: number; runId: string };
      return parsed;
    } catch {
      // Unreadable: either being written this very moment, or cut short by a crash. A young
      // file is treated as held; one older than a few seconds was left by a dead process.
      try {
        const ageMs = Date.now() - statSync(this.#path).mtimeMs;
        return ageMs < 5_000 ? { pid: process.pid, runId: 'unknown (lock being written)' } : undefined;
      } catch {
        return undefined;
      }
    }
  }
}
