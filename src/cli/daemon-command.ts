import type { Command } from 'commander';
import { alertFailure } from '../app/alert-failure.js';
import { loadConfig, requireNotify, type LoadedConfig } from '../config/load.js';
import { accountPaths } from '../cycle/account-paths.js';
import { isoTime } from '../domain/clock.js';
import { processLogger } from '../log/process-logger.js';
import { Daemon } from '../schedule/daemon.js';
import { endOfDayAfterGatewayRestart } from '../schedule/end-of-day-check.js';
import { daemonClockFromEnv, requireWallClock, wallDaemonClock, type DaemonClock } from '../schedule/daemon-clock.js';
import { acquireDaemonLock, DaemonLockedError } from '../schedule/daemon-lock.js';
import { SqliteFiredStore } from '../schedule/fired-store.js';
import { heartbeatUrlFrom } from '../schedule/heartbeat.js';
import { outboxDelivery } from '../schedule/outbox-delivery.js';
import { resolveSchedule } from '../schedule/schedule.js';
import { triggerRunner } from '../schedule/trigger-runner.js';
import { openStore } from '../app/open-store.js';

const TICK_MS = 5 * 60_000;

export function registerDaemonCommand(program: Command): void {
  program
    .command('daemon')
    .description('Run the cycles by themselves at the schedule\'s triggers (exchange time), with the digests and the end-of-day job; SIGTERM waits for a running cycle')
    .option('--once', 'fire the trigger due now, if any, and exit: what the lines of `autofolio cron` run')
    .action(async (options: { once?: boolean }, command: Command) => {
      const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
      const clock = daemonClock(config);
      const schedule = resolveSchedule(config, clock.now());
      const heartbeat = heartbeatUrlFrom(process.env, config.schedule.heartbeatUrlEnv);
      const paths = accountPaths(requireNotify(config));
      let lock;
      try {
        lock = acquireDaemonLock(paths, options.once ? 'daemon --once' : 'daemon');
      } catch (error) {
        if (!(error instanceof DaemonLockedError)) throw error;
        console.error(`autofolio: ${error.message}`);
        process.exitCode = 2;
        return;
      }
      // The daemon's log is its output (journald, Docker, cron's log file): structured lines on
      // stderr, with the scheduler's own time when it runs on a simulated clock.
      // Fields per line, not bound to a child: a run's log context sets its own step.
      const logger = processLogger();
      const simulated = clock !== wallDaemonClock;
      const fields = () => ({ account: config.account.id, step: 'schedule', ...(simulated ? { at: isoTime(clock.now()) } : {}) });
      const log = (line: string): void => logger.info(line, fields());
      let store;
      try {
        store = await openStore(requireNotify(config));
      } catch (error) {
        lock.release();
        console.error(`autofolio: ${await alertFailure(config, 'daemon start', error)}`);
        throw error;
      }
      const deliverOutbox = outboxDelivery(config, clock, log);
      const daemon = new Daemon({
        schedule,
        clock,
        store: new SqliteFiredStore(store.db, config.account.id),
        log,
        alert: (what, error) => alertFailure(config, what, error),
        fire: triggerRunner({ config, clock, log, deliverOutbox, ...(heartbeat ? { heartbeat } : {}) }),
        // Retries of mail that could not go out wait at most this long (notify's backoff starts at a minute).
        tick: { everyMs: TICK_MS, run: deliverOutbox },
      });
      const onSignal = (signal: NodeJS.Signals): void => daemon.stop(signal);
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      try {
        if (!options.once) {
          log(`autofolio daemon ${process.pid}: account ${config.account.id}, ${schedule.calendar.mic} (${schedule.timeZone}), trading ${schedule.trade.map((r) => `"${r.expression}"`).join(', ')} within the session, end of day "${schedule.endOfDay.expression}", heartbeat ${heartbeat ? 'on' : 'off'}`);
          if (config.broker.kind === 'ib') {
            // Without the setting, IB Gateway's usual auto-restart time.
            const restart = config.broker.gatewayRestart ?? { at: '23:45', timeZone: 'America/New_York' };
            const late = endOfDayAfterGatewayRestart(schedule, restart, clock.now());
            if (late) logger.warn(`the end-of-day job of ${late.session} fires at ${isoTime(late.endOfDay)}, after IB Gateway's daily restart at ${isoTime(late.restart)} (${restart.at} ${restart.timeZone}): fills that land after the last trading run are no longer reported as executions by then and must be inferred. Set schedule.endOfDay to a time after the close and before the restart`, fields());
          }
        }
        await daemon.run({ once: options.once ?? false });
        if (!options.once) log('stopped');
      } finally {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        await store.close();
        lock.release();
      }
    });
}

/** The wall clock; a data clock is refused because its "now" never moves, so no trigger would come. */
function daemonClock(config: LoadedConfig): DaemonClock {
  const fromEnv = daemonClockFromEnv();
  if (fromEnv) return fromEnv;
  requireWallClock(config, 'the daemon');
  return wallDaemonClock;
}
