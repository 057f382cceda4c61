import type { Command } from 'commander';
import { withQueueUrlEnv } from './queue-options.js';

export interface WorkerOptions {
  readonly queueUrlEnv: string;
  readonly concurrency: string;
}

export function registerWorkerCommand(program: Command): void {
  withQueueUrlEnv(
    program
      .command('worker')
      .description('Run the cycles that `autofolio scheduler` enqueues, one run per account at a time across all workers; SIGTERM waits for the running cycles')
      .option('--concurrency <n>', 'cycles of different accounts run at once by this worker', '1'),
  ).action(async (options: WorkerOptions) => {
    const { runWorker } = await import('./worker-action.js');
    await runWorker(options);
  });
}
