import { loadConfig, type LoadedConfig } from '../config/load.js';
import { isoTime } from '../domain/clock.js';
import type { DaemonClock } from './daemon-clock.js';
import { resolveSchedule, type Schedule } from './schedule.js';
import { digestDueAt, dueTrigger, nextTriggers, type FiredKey, type Trigger } from './triggers.js';
import type { DigestLabel } from '../cycle/cycle-deps.js';
import type { RegisteredAccount } from '../queue/account-registry.js';

export interface QueueSchedulerDeps {
  readonly clock: DaemonClock;
  /** The registered accounts, read again at every wake-up so that accounts added later are scheduled. */
  readonly accounts: () => Promise<readonly RegisteredAccount[]>;
  /** Claims and enqueues a trigger; false when it was claimed already (another scheduler, a restart). */
  readonly enqueue: (account: RegisteredAccount, config: LoadedConfig, trigger: Trigger, digest: DigestLabel | undefined) => Promise<boolean>;
  readonly log: (line: string) => void;
  /** The scheduler runs on a simulated clock: accounts on `clock: data` are scheduled too. */
  readonly simulated: boolean;
  /** The last instant to schedule (a simulated day's end); undefined: for ever. */
  readonly until?: number;
  /** Longest sleep between looks at the registry. */
  readonly rereadMs?: number;
}

interface Loaded {
  readonly config: LoadedConfig;
  readonly schedule: Schedule;
}

/**
 * The job-queue scheduler: the daemon's trigger decisions (triggers.ts, on each account's
 * schedule and exchange calendar), for every registered account, with each due trigger enqueued
 * instead of run. What was enqueued last is the registry's, not this process's, so a restart or a
 * second scheduler carries on where the first left off.
 */
export class QueueScheduler {
  readonly #deps: QueueSchedulerDeps;
  readonly #wake = new AbortController();
  readonly #loaded = new Map<string, Loaded>();
  readonly #refused = new Set<string>();
  #stopping = false;

  constructor(deps: QueueSchedulerDeps) {
    this.#deps = deps;
  }

  /** Enqueues triggers as they come until stop() (or `until`); returns how many it enqueued. */
  async run(): Promise<number> {
    const { clock, log } = this.#deps;
    let enqueued = 0;
    while (!this.#stopping) {
      const now = clock.now();
      let next = Infinity;
      for (const account of await this.#deps.accounts()) {
        const loaded = this.#load(account);
        if (!loaded) continue;
        const last = account.lastEnqueued as FiredKey | undefined;
        const due = dueTrigger(loaded.schedule, now, last);
        let after = Math.max(now, last?.time ?? now);
        if (due) {
          try {
            if (await this.#deps.enqueue(account, loaded.config, due, digestDueAt(loaded.schedule, now))) enqueued += 1;
          } catch (error) {
            log(`${account.id}: enqueuing ${due.kind} ${isoTime(due.time)} failed: ${messageOf(error)}; trying again at the next wake-up`);
          }
          after = Math.max(after, due.time);
        }
        const upcoming = nextTriggers(loaded.schedule, after, 1)[0];
        if (upcoming) next = Math.min(next, upcoming.time);
      }
      if (this.#stopping) break;
      const { until, rereadMs } = this.#deps;
      if (until !== undefined && next > until) {
        log(`no trigger left up to ${isoTime(until)}: stopping`);
        break;
      }
      const wakeAt = rereadMs === undefined ? next : Math.min(next, now + rereadMs);
      if (!Number.isFinite(wakeAt)) {
        log('no registered account has a trigger ahead: stopping (add accounts with `autofolio accounts add`)');
        break;
      }
      await clock.sleepUntil(wakeAt, this.#wake.signal);
    }
    return enqueued;
  }

  stop(reason: string): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#deps.log(`${reason}: stopping`);
    this.#wake.abort();
  }

  /** The account's config and schedule, loaded once per process; undefined (said once) when unusable. */
  #load(account: RegisteredAccount): Loaded | undefined {
    const key = `${account.id}\u0000${account.configFile}`;
    const cached = this.#loaded.get(key);
    if (cached) return cached;
    try {
      const config = loadConfig(account.configFile);
      if (config.account.id !== account.id) throw new Error(`${account.configFile}: account.id is ${config.account.id}, but the file is registered for ${account.id}`);
      if (config.clock === 'data' && !this.#deps.simulated) throw new Error(`${account.configFile}: clock: data makes "now" the newest bar, which never moves, so no trigger would ever come: set clock: wall`);
      const loaded = { config, schedule: resolveSchedule(config, this.#deps.clock.now()) };
      this.#loaded.set(key, loaded);
      return loaded;
    } catch (error) {
      if (!this.#refused.has(key)) this.#deps.log(`${account.id}: not scheduled: ${messageOf(error)}`);
      this.#refused.add(key);
      return undefined;
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
