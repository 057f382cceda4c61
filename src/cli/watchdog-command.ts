import type { Command } from 'commander';
import { openAccount } from '../app/open-account.js';
import { remindOfWeeklyLogin } from '../app/remind-weekly-login.js';
import { loadConfig } from '../config/load.js';
import { isoTime } from '../domain/clock.js';
import { daemonClockFromEnv } from '../schedule/daemon-clock.js';
import { resolveSchedule } from '../schedule/schedule.js';
import { checkLiveness, watchdogNotice } from '../schedule/watchdog.js';
import { SqliteDocuments } from '../store/sqlite-documents.js';

const ALERTED_KEY = 'schedule:watchdog-alerted';

export function registerWatchdogCommand(program: Command): void {
  program
    .command('watchdog')
    .description("The dead-man's switch, for one cron line: alert the owner when no run has succeeded since the last trigger (exit 1), else exit 0")
    .option('--json', 'print one JSON object')
    .action(async (options: { json?: boolean }, command: Command) => {
      const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
      const clock = daemonClockFromEnv();
      const account = await openAccount(config, clock ? { clock } : {});
      try {
        const now = account.deps.clock.now();
        const schedule = resolveSchedule(config, now);
        const runs = await account.deps.journal.runs(200);
        const liveness = checkLiveness(schedule, now, config.schedule.watchdogGraceMinutes * 60_000, runs);
        const loginReminder = await remindOfWeeklyLogin(account, now);
        let alerted = false;
        if (!liveness.healthy && liveness.expected) {
          // One alert per missed trigger: the watchdog runs every few minutes, the owner should
          // not get an e-mail each time.
          const documents = new SqliteDocuments(account.db, config.account.id);
          const previous = (await documents.load(ALERTED_KEY)) as { trigger?: number } | undefined;
          if (previous?.trigger !== liveness.expected.time) {
            await account.deps.notifier.send(watchdogNotice(config.account.id, liveness, runs[0]));
            await documents.save(ALERTED_KEY, { trigger: liveness.expected.time, at: now });
            alerted = true;
          }
        }
        if (options.json) {
          console.log(JSON.stringify({ healthy: liveness.healthy, expectedTrigger: liveness.expected ? { time: isoTime(liveness.expected.time), kind: liveness.expected.kind, session: liveness.expected.session } : null, lastSuccessfulRun: liveness.lastSuccess ? { id: liveness.lastSuccess.id, startedAt: isoTime(liveness.lastSuccess.startedAt) } : null, alerted, ...(loginReminder !== undefined ? { weeklyLoginReminded: isoTime(loginReminder) } : {}) }));
        } else {
          console.log(`${liveness.healthy ? 'ok' : 'STALE'}: ${liveness.message}${alerted ? '; alert sent' : liveness.healthy ? '' : '; already alerted'}`);
        }
        process.exitCode = liveness.healthy ? 0 : 1;
      } finally {
        await account.close();
      }
    });
}
