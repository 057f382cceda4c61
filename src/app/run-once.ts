import { newRunId } from '../cycle/run-id.js';
import { runCycle, type CycleResult } from '../cycle/run-cycle.js';
import type { LockHolder, LockPurpose } from '../cycle/run-lock.js';
import type { CycleOptions } from '../cycle/cycle-deps.js';
import { withLogContext } from '../log/log-context.js';
import { silentLogger } from '../log/logger.js';
import type { OpenAccount } from './open-account.js';

// These hold the lock briefly and send nothing, so a run (or a daemon's trigger) that finds
// one of them waits rather than giving up its hour; a trading run holding the lock does the
// work itself, so the newcomer leaves at once.
const WAITED_FOR: ReadonlySet<LockPurpose> = new Set(['dry-run', 'reconcile', 'cashflow']);

/**
 * One cycle under the account's single-run lock. Throws RunLockedError when another run
 * holds it (after waiting up to execution.lockWaitSeconds if that run sends nothing).
 * Every log line written meanwhile carries the account, the run id and a step (`run` for the
 * lines of the run as a whole).
 */
export async function runOnce(account: OpenAccount, options: CycleOptions, log: (line: string) => void = (line) => console.error(line)): Promise<CycleResult> {
  const runId = newRunId(account.deps.clock.now());
  const logger = account.deps.log ?? silentLogger;
  return withLogContext({ account: account.deps.config.account.id, runId, step: 'run' }, async () => {
    const lock = account.store.runLock();
    const waitSeconds = account.deps.config.execution.lockWaitSeconds;
    logger.info(`${options.dryRun ? 'dry run' : `${options.purpose} run`} starting`, { purpose: options.purpose, dryRun: options.dryRun });
    await lock.acquireWaiting(runId, options.dryRun ? 'dry-run' : options.purpose, {
      waitMs: waitSeconds * 1000,
      mayWaitFor: (holder) => holder.purpose !== undefined && WAITED_FOR.has(holder.purpose),
      onWait: (holder) => {
        const line = `${describeHolder(holder)} holds ${lock.where}: waiting up to ${waitSeconds} s (execution.lockWaitSeconds) for it to finish`;
        logger.info(line, { step: 'lock' });
        log(line);
      },
    });
    try {
      const result = await runCycle(account.deps, options, runId);
      const fields = { outcome: result.outcome, ordersPlanned: result.ordersPlanned, ordersSent: result.ordersSent, fills: result.fills, ...(result.problems.length ? { problems: result.problems } : {}) };
      if (result.outcome === 'error') logger.error(`run ended: ${result.outcome}`, fields);
      else if (result.outcome === 'blocked') logger.warn(`run ended: ${result.outcome}`, fields);
      else logger.info(`run ended: ${result.outcome}`, fields);
      return result;
    } finally {
      await lock.release();
    }
  });
}

function describeHolder(holder: LockHolder): string {
  return `a ${holder.purpose ?? 'run'} (${holder.runId}, process ${holder.pid})`;
}
