import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { crontabText, shellQuote } from '../schedule/crontab.js';
import { resolveSchedule } from '../schedule/schedule.js';

export function registerCronCommand(program: Command): void {
  program
    .command('cron')
    .description('Print crontab lines that run the schedule from system cron instead of `autofolio daemon` (correct across DST)')
    .action((_options: unknown, command: Command) => {
      const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
      const now = Date.now();
      // Absolute paths of this very node and script: cron's PATH rarely holds either.
      const script = resolve(process.argv[1] ?? join(dirname(config.configFile), 'node_modules/.bin/autofolio'));
      process.stdout.write(
        crontabText({
          schedule: resolveSchedule(config, now),
          accountId: config.account.id,
          from: now,
          autofolio: `${shellQuote(process.execPath)} ${shellQuote(script)}`,
          configFile: config.configFile,
          logFile: join(config.statePath, 'cron.log'),
        }),
      );
    });
}
