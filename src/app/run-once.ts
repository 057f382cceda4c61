import { newRunId } from '../cycle/run-id.js';
import { runCycle, type CycleResult } from '../cycle/run-cycle.js';
import { RunLock } from '../cycle/run-lock.js';
import type { CycleOptions } from '../cycle/cycle-deps.js';
import type { OpenAccount } from './open-account.js';

/** One cycle under the account's single-run lock. Throws RunLockedError when another run holds it. */
export async function runOnce(account: OpenAccount, options: CycleOptions): Promise<CycleResult> {
  const runId = newRunId(account.deps.clock.now());
  const lock = new RunLock(account.paths.lock);
  lock.acquire(runId);
  try {
    return await runCycle(account.deps, options, runId);
  } finally {
    lock.release();
  }
}
