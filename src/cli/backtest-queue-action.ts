import { randomUUID } from 'node:crypto';
import type { BacktestJob } from '../backtest/backtest-job.js';
import type { ProgressBar } from '../backtest/progress-bar.js';
import type { SweepRow } from '../backtest/sweep-grid.js';
import { processLogger } from '../log/process-logger.js';
import { queueUrlFromEnv } from '../queue/queue-url.js';
import { SWEEP_QUEUE } from '../queue/sweep-job.js';
import { SweepQueue } from '../queue/sweep-queue.js';
import { SweepResults } from '../queue/sweep-results.js';
import { SUPERVISE_SECONDS } from './scheduler-action.js';

const POLL_MS = 500;

export interface QueuedSweepOptions {
  readonly queueUrlEnv: string;
  readonly leaseSeconds: number;
}

/**
 * Runs a sweep's points on the job queue: one job per point, run by `autofolio worker` on any
 * machine, each storing its row; waits for all of them and returns the rows in grid order, the
 * rows `runSweepPool` returns for the same jobs. A point that failed for good (its workers died
 * on every try) fails the sweep, naming it.
 */
export async function runQueuedSweep(jobs: readonly BacktestJob[], options: QueuedSweepOptions, progress: ProgressBar): Promise<SweepRow[]> {
  const url = queueUrlFromEnv(options.queueUrlEnv);
  const logger = processLogger();
  const results = await SweepResults.open(url);
  let queue: SweepQueue | undefined;
  let jobIds: string[] = [];
  let finished = false;
  const sweepId = randomUUID();
  const stopped = stopSignal();
  try {
    queue = await SweepQueue.start(url, { superviseSeconds: SUPERVISE_SECONDS }, (error) => logger.warn(`sweep queue: ${error.message}`, { step: 'backtest' }));
    jobIds = await queue.enqueue(sweepId, jobs, options.leaseSeconds);
    logger.info(`sweep ${sweepId}: ${jobs.length} point${jobs.length === 1 ? '' : 's'} enqueued on ${SWEEP_QUEUE}; waiting for \`autofolio worker\` to run them`, { step: 'backtest' });
    for (;;) {
      const done = await results.count(sweepId);
      progress.update(done, jobs.length);
      if (done >= jobs.length) break;
      const failed = await queue.failedPoints(sweepId);
      if (failed.length > 0) {
        throw new Error(`sweep ${sweepId}: ${failed.map((f) => `point ${f.point + 1}/${jobs.length} (${paramsText(jobs[f.point])}) failed after ${f.tries} tr${f.tries === 1 ? 'y' : 'ies'}: ${f.error}`).join('; ')}`);
      }
      const signal = await Promise.race([stopped.signal, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), POLL_MS))]);
      if (signal) throw new Error(`${signal}: sweep ${sweepId} stopped; its points not yet run are taken off the queue`);
    }
    const rows = await results.read(sweepId);
    finished = true;
    return rows;
  } finally {
    // A sweep that ends early leaves no point for the workers to run for nobody.
    if (!finished) await queue?.cancel(jobIds).catch(() => undefined);
    await results.remove(sweepId).catch(() => undefined);
    await queue?.stop(1);
    await results.close();
    stopped.dispose();
  }
}

function paramsText(job: BacktestJob | undefined): string {
  return job ? Object.entries(job.params).map(([k, v]) => `${k}=${v}`).join(' ') : '';
}

/** The first SIGINT or SIGTERM while the command waits: it stops waiting and cleans up rather than dying. */
function stopSignal(): { signal: Promise<NodeJS.Signals>; dispose: () => void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const signal = new Promise<NodeJS.Signals>((resolve) => (onSignal = resolve));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
