import type { Command } from 'commander';
import { withQueueUrlEnv } from './queue-options.js';

export interface WorkerOptions {
  readonly queueUrlEnv: string;
  readonly concurrency: string;
  readonly sweepConcurrency: string;
}

export function registerWorkerCommand(program: Command): void {
  withQueueUrlEnv(
    program
      .command('worker')
      .description('Run the cycles that `autofolio scheduler` enqueues, one run per account at a time across all workers, and the grid points of `autofolio backtest --sweep … --queue`; SIGTERM waits for the running ones')
      .option('--concurrency <n>', 'cycles of different accounts run at once by this worker', '1')
      .option('--sweep-concurrency <n>', 'grid points of `autofolio backtest --sweep … --queue` run at once by this worker, each on a thread of its own', '1'),
  ).action(async (options: WorkerOptions) => {
    const { runWorker } = await import('./worker-action.js');
    await runWorker(options);
  });
}
