import type { Command } from 'commander';
import { withQueueUrlEnv } from './queue-options.js';

export interface SchedulerOptions {
  readonly queueUrlEnv: string;
  readonly clock: string;
  readonly from?: string;
  readonly to?: string;
  readonly speed?: string;
  readonly leaseSeconds: string;
}

export function registerSchedulerCommand(program: Command): void {
  withQueueUrlEnv(
    program
      .command('scheduler')
      .description('Enqueue one job per trigger of every registered account (each account\'s schedule and exchange calendar) for `autofolio worker`; any number may run, a trigger is enqueued once')
      .option('--clock <kind>', 'wall, or simulated (with --from and --to): a test or demo day in seconds, paper accounts only', 'wall')
      .option('--from <time>', 'simulated clock: the ISO time it starts at')
      .option('--to <time>', 'simulated clock: the ISO time it stops at')
      .option('--speed <n>', 'simulated clock: run n times faster than real time; without it, jump from trigger to trigger')
      .option('--lease-seconds <n>', 'how long a worker may hold a job before it counts as dead and the job is retried', '1800'),
  ).action(async (options: SchedulerOptions) => {
    const { runScheduler } = await import('./scheduler-action.js');
    await runScheduler(options);
  });
}
