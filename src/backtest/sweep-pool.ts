import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BacktestJob } from './backtest-job.js';
import type { SweepRow } from './sweep-grid.js';

/**
 * Runs the jobs on worker threads, one per core (at most one per job), each taking the next
 * job as soon as it is free. Rows come back in the order of the jobs.
 */
export async function runSweepPool(jobs: readonly BacktestJob[], onDone?: (done: number, total: number) => void, threads = availableParallelism()): Promise<SweepRow[]> {
  const rows = new Array<SweepRow>(jobs.length);
  let next = 0;
  let done = 0;
  const count = Math.max(1, Math.min(threads, jobs.length));
  const url = new URL('./sweep-worker.js', import.meta.url);
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(url);
        const feed = (): void => {
          if (next >= jobs.length) {
            void worker.terminate().then(() => resolve());
            return;
          }
          const index = next++;
          worker.once('message', (row: SweepRow) => {
            rows[index] = row;
            onDone?.(++done, jobs.length);
            feed();
          });
          worker.postMessage(jobs[index]);
        };
        worker.once('error', reject);
        feed();
      }),
    ),
  );
  return rows;
}
