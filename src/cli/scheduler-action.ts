import { isoTime } from '../domain/clock.js';
import { processLogger } from '../log/process-logger.js';
import { AccountRegistry } from '../queue/account-registry.js';
import { CycleQueue } from '../queue/cycle-queue.js';
import { QueueScheduler } from '../schedule/queue-scheduler.js';
import { queueUrlFromEnv } from '../queue/queue-url.js';
import { acceleratedClock, wallDaemonClock, type DaemonClock } from '../schedule/daemon-clock.js';
import { SimulatedDaemonClock } from '../schedule/simulated-daemon-clock.js';
import type { SchedulerOptions } from './scheduler-command.js';

/** How often each queue process looks for jobs whose worker died (pg-boss maintenance). */
export const SUPERVISE_SECONDS = 5;

const REREAD_MS = 60_000;

export async function runScheduler(options: SchedulerOptions): Promise<void> {
  const leaseSeconds = positiveInteger(options.leaseSeconds, '--lease-seconds');
  const { clock, until, simulated } = schedulerClock(options);
  const url = queueUrlFromEnv(options.queueUrlEnv);
  const logger = processLogger();
  const fields = () => ({ step: 'scheduler', ...(simulated ? { at: isoTime(clock.now()) } : {}) });
  const log = (line: string): void => logger.info(line, fields());
  const registry = await AccountRegistry.open(url);
  let queue: CycleQueue | undefined;
  try {
    queue = await CycleQueue.start(url, { leaseSeconds, superviseSeconds: SUPERVISE_SECONDS }, (error) => logger.warn(`job queue: ${error.message}`, fields()));
    const started = queue;
    const scheduler = new QueueScheduler({
      clock,
      simulated,
      ...(until !== undefined ? { until } : {}),
      // A jumping clock wakes only at triggers; elsewhere the registry is read at least every minute for new accounts.
      ...(clock instanceof SimulatedDaemonClock ? {} : { rereadMs: REREAD_MS }),
      accounts: () => registry.list(),
      log,
      enqueue: async (account, config, trigger, digest) => {
        const job = { accountId: account.id, configFile: config.configFile, trigger: { time: trigger.time, kind: trigger.kind, session: trigger.session, validUntil: trigger.validUntil }, ...(digest ? { digest } : {}), ...(simulated ? { simulated } : {}) };
        const claimed = await registry.claimTrigger(account.id, trigger, (db) => started.enqueue(job, db).then(() => undefined));
        log(`${account.id}: ${claimed ? 'enqueued' : 'enqueued already (another scheduler)'} ${trigger.kind} ${isoTime(trigger.time)} (session ${trigger.session}${digest ? `, ${digest} digest` : ''})`);
        return claimed;
      },
    });
    const onSignal = (signal: NodeJS.Signals): void => scheduler.stop(signal);
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    try {
      log(`autofolio scheduler ${process.pid}: ${simulated ? `simulated clock from ${isoTime(clock.now())} to ${isoTime(until!)}` : 'wall clock'}, lease ${leaseSeconds} s`);
      const enqueued = await scheduler.run();
      log(`stopped after enqueuing ${enqueued} job${enqueued === 1 ? '' : 's'}`);
    } finally {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    }
  } finally {
    await queue?.stop(1);
    await registry.close();
  }
}

function schedulerClock(options: SchedulerOptions): { clock: DaemonClock; until?: number; simulated: boolean } {
  if (options.clock === 'wall') {
    if (options.from || options.to || options.speed) throw new Error('--from, --to and --speed need --clock simulated');
    return { clock: wallDaemonClock, simulated: false };
  }
  if (options.clock !== 'simulated') throw new Error(`--clock ${options.clock}: expected wall or simulated`);
  const from = isoOption(options.from, '--from');
  const to = isoOption(options.to, '--to');
  if (to <= from) throw new Error(`--to ${options.to} is not after --from ${options.from}`);
  if (options.speed === undefined) return { clock: new SimulatedDaemonClock(from, to, () => undefined), until: to, simulated: true };
  const speed = Number(options.speed);
  if (!(speed > 0)) throw new Error(`--speed ${options.speed}: expected a number above 0`);
  return { clock: acceleratedClock(from, speed), until: to, simulated: true };
}

function isoOption(value: string | undefined, name: string): number {
  if (value === undefined) throw new Error(`--clock simulated needs ${name} <ISO time>, e.g. 2025-11-14T14:00:00Z`);
  const time = Date.parse(value);
  if (!Number.isFinite(time)) throw new Error(`${name} ${value}: expected an ISO time, e.g. 2025-11-14T14:00:00Z`);
  return time;
}

export function positiveInteger(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} ${value}: expected a whole number of at least 1`);
  return n;
}
