import { loadConfig } from '../config/load.js';
import { isoTime } from '../domain/clock.js';
import { acceleratedClock, requireWallClock, wallDaemonClock } from '../schedule/daemon-clock.js';
import type { FireReport } from '../schedule/daemon.js';
import { outboxDelivery } from '../schedule/outbox-delivery.js';
import { triggerRunner } from '../schedule/trigger-runner.js';
import type { AccountLock } from './account-lock.js';
import type { AccountRegistry } from './account-registry.js';
import type { CycleJob } from './cycle-job.js';

export interface CycleJobDeps {
  readonly registry: Pick<AccountRegistry, 'get' | 'recordRun'>;
  /** The account's lock across workers, or undefined when another worker holds it. */
  readonly lockAccount: (accountId: string) => Promise<AccountLock | undefined>;
  readonly log: (line: string) => void;
}

/** What a job came to: the cycle's report, with the NLV of its snapshot when it made one. */
export interface JobReport extends FireReport {
  readonly nlv?: number;
}

/**
 * Runs one job: the account's cycle for the trigger, through the daemon's own trigger runner
 * (the account opened as `autofolio run` opens it, the single-run lock, the outbox delivered
 * after), under the account's lock across workers. A cycle that ends in error or blocked is an
 * outcome, recorded and returned; only a run that could not start throws, and pg-boss retries it.
 */
export async function runCycleJob(job: CycleJob, deps: CycleJobDeps): Promise<JobReport> {
  const { trigger } = job;
  const config = loadConfig(job.configFile);
  if (config.account.id !== job.accountId) throw new Error(`${job.configFile}: account.id is ${config.account.id}, but the job is for ${job.accountId}: is this machine's file at that path the same as the scheduler's?`);
  const registered = await deps.registry.get(job.accountId);
  if (!registered) return { outcome: 'skipped', message: `account ${job.accountId} is no longer registered` };
  // A retry that comes after a later trigger of the account already ran would run the account
  // back in time; the later run has caught up with everything this one would have done.
  if (registered.lastRun && registered.lastRun.triggerTime >= trigger.time) {
    return { outcome: 'skipped', message: `trigger ${isoTime(registered.lastRun.triggerTime)} of the account ran already (${registered.lastRun.runId ?? 'no run id'}, ${registered.lastRun.outcome})` };
  }
  let clock;
  if (job.simulated) {
    // Running a live broker's account at a made-up time would trade on the broker's real "now".
    if (config.broker.kind !== 'paper') throw new Error(`${job.configFile}: a simulated trigger (${isoTime(trigger.time)}) runs paper accounts only, and this one's broker is ${config.broker.kind}`);
    clock = acceleratedClock(trigger.time, 1);
  } else {
    requireWallClock(config, 'a queue worker');
    clock = wallDaemonClock;
    if (clock.now() >= trigger.validUntil) {
      return { outcome: 'skipped', message: `missed: ${trigger.kind} ${isoTime(trigger.time)} was valid until ${isoTime(trigger.validUntil)}` };
    }
  }
  const lock = await deps.lockAccount(job.accountId);
  if (!lock) return { outcome: 'skipped', message: `another worker runs account ${job.accountId} (it holds the account's lock): this job outlived its lease while it ran there` };
  try {
    let nlv: number | undefined;
    const fire = triggerRunner({ config, clock, log: deps.log, deliverOutbox: outboxDelivery(config, clock, deps.log), onResult: (_t, result) => (nlv = result.snapshot?.nlv) });
    const report = await fire(trigger, job.digest);
    await deps.registry.recordRun(job.accountId, { triggerTime: trigger.time, outcome: report.outcome, at: clock.now(), ...(report.runId ? { runId: report.runId } : {}), ...(nlv !== undefined ? { nlv } : {}), ...(report.message ? { message: report.message } : {}) });
    return { ...report, ...(nlv !== undefined ? { nlv } : {}) };
  } finally {
    await lock.release();
  }
}
