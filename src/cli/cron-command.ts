import { join } from 'node:path';
import type { Command } from 'commander';
import { installedCommand } from '../app/installed-command.js';
import { loadConfig } from '../config/load.js';
import { crontabText, shellQuote } from '../schedule/crontab.js';
import { requireWallClock } from '../schedule/daemon-clock.js';
import { resolveSchedule } from '../schedule/schedule.js';

export function registerCronCommand(program: Command): void {
  program
    .command('cron')
    .description('Print crontab lines that run the schedule from system cron instead of `autofolio daemon` (correct across DST)')
    .action((_options: unknown, command: Command) => {
      const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
      requireWallClock(config, 'cron');
      // Absolute paths of this very node and command: cron's PATH rarely holds either.
      const { node, script } = installedCommand(process.argv[1], process.execPath);
      const now = Date.now();
      process.stdout.write(
        crontabText({
          schedule: resolveSchedule(config, now),
          accountId: config.account.id,
          from: now,
          autofolio: `${shellQuote(node)} ${shellQuote(script)}`,
          configFile: config.configFile,
          logFile: join(config.statePath, 'cron.log'),
        }),
      );
    });
}
