import type { Command } from 'commander';

export interface RunOptions {
  readonly dryRun?: boolean;
  readonly endOfDay?: boolean;
  readonly json?: boolean;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Run one rebalancing cycle now (exit 0 done, 2 blocked by a safety check, 1 error)')
    .option('--dry-run', 'plan and check, but send no order')
    .option('--end-of-day', 'the after-close run: record fills, snapshot, commit the day to the database; no trading')
    .option('--json', 'print the result as JSON')
    .action(async (options: RunOptions, command: Command) => {
      // The cycle and its adapters load only when a run starts, not for `run --help`.
      const { runCommand } = await import('./run-action.js');
      await runCommand(options, command.optsWithGlobals<{ config: string }>().config);
    });
}
