import { isoTime } from '../domain/clock.js';
import type { DigestLabel } from '../cycle/cycle-deps.js';
import type { DaemonClock } from './daemon-clock.js';
import type { FiredKey } from './triggers.js';
import type { FiredStore } from './fired-store.js';
import type { Schedule } from './schedule.js';
import { digestDueAt, dueTrigger, nextTriggers, type Trigger } from './triggers.js';

/** What running a trigger's cycle came to. */
export interface FireReport {
  readonly runId?: string;
  /** The run's outcome (ok, blocked, error), or `skipped` when it could not start. */
  readonly outcome: string;
  readonly message?: string;
}

export interface DaemonDeps {
  readonly schedule: Schedule;
  readonly clock: DaemonClock;
  readonly store: FiredStore;
  /** Runs the cycle of a trigger with the digest due. A failed cycle is an outcome, not a throw. */
  readonly fire: (trigger: Trigger, digest: DigestLabel | undefined) => Promise<FireReport>;
  readonly log: (line: string) => void;
  /** Alerts the owner of a failure of the scheduler itself (a run alerts its own); returns what to log. */
  readonly alert?: (what: string, error: unknown) => Promise<string>;
  /** Work done whenever the daemon wakes, and at least every `everyMs` while it waits (the outbox). */
  readonly tick?: { readonly everyMs: number; readonly run: () => Promise<void> };
}

/**
 * The scheduler's loop. All decisions are the pure functions of triggers.ts applied to
 * (schedule, clock time, last fired trigger); this class only waits, fires and remembers, so a
 * test drives it over weeks on a simulated clock in milliseconds.
 */
export class Daemon {
  readonly #deps: DaemonDeps;
  readonly #wake = new AbortController();
  #stopping = false;
  #running: Trigger | undefined;

  constructor(deps: DaemonDeps) {
    this.#deps = deps;
  }

  /**
   * Fires triggers as they come until stop() is called (or, with `once`, fires the one due
   * now, if any, and returns). Returns how many triggers it fired.
   */
  async run(options: { once?: boolean } = {}): Promise<number> {
    const { schedule, clock, store, log } = this.#deps;
    let last: FiredKey | undefined = await store.last();
    let fired = 0;
    while (!this.#stopping) {
      const now = clock.now();
      const due = dueTrigger(schedule, now, last);
      if (due) {
        await this.#fire(due);
        last = due;
        fired += 1;
        if (options.once) break;
        continue;
      }
      if (options.once) {
        log(`no trigger due at ${isoTime(now)}`);
        break;
      }
      const next = nextTriggers(schedule, Math.max(now, last?.time ?? now), 1)[0];
      if (!next) {
        log(`no trigger ahead of ${isoTime(now)} within a year: the schedule never matches a session (or the calendar ends); stopping`);
        break;
      }
      log(`next: ${describeTrigger(next)}`);
      await this.#waitFor(next.time);
    }
    return fired;
  }

  /** Sleeps until `time`, waking every tick to do the tick's work; a stop ends the wait. */
  async #waitFor(time: number): Promise<void> {
    const { clock, tick } = this.#deps;
    for (;;) {
      const wakeAt = tick ? Math.min(time, clock.now() + tick.everyMs) : time;
      await clock.sleepUntil(wakeAt, this.#wake.signal);
      if (this.#stopping || clock.now() >= time || clock.now() < wakeAt) return;
      await this.#tick();
    }
  }

  async #tick(): Promise<void> {
    try {
      await this.#deps.tick?.run();
    } catch (error) {
      this.#deps.log(`tick failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async #alert(what: string, error: unknown): Promise<void> {
    if (!this.#deps.alert) return;
    try {
      this.#deps.log(await this.#deps.alert(what, error));
    } catch (alertError) {
      this.#deps.log(`could not alert the owner: ${messageOf(alertError)}`);
    }
  }

  /** Asks the loop to end: at once while it waits, after the running cycle while one runs. */
  stop(reason: string): void {
    if (this.#stopping) return;
    this.#stopping = true;
    if (this.#running) this.#deps.log(`${reason}: waiting for the running cycle (${describeTrigger(this.#running)}) to finish, then stopping`);
    else this.#deps.log(`${reason}: stopping`);
    this.#wake.abort();
  }

  get running(): Trigger | undefined {
    return this.#running;
  }

  async #fire(trigger: Trigger): Promise<void> {
    const { schedule, clock, store, log } = this.#deps;
    const firedAt = clock.now();
    // Recorded before the run starts (intent before effect): a crash during the cycle must not
    // make the restart run the same trigger again; the interrupted run is in the runs table.
    const record = { time: trigger.time, kind: trigger.kind, session: trigger.session, firedAt };
    try {
      await store.save(record);
    } catch (error) {
      // Without the record a crash mid-cycle could run the trigger twice after a restart, so
      // it is not run; the daemon lives on, alerts, and tries the next trigger.
      log(`fire: ${describeTrigger(trigger)} not run: recording it failed: ${messageOf(error)}`);
      await this.#alert(`scheduler (recording the ${trigger.kind} trigger of ${isoTime(trigger.time)})`, error);
      return;
    }
    const digest = digestDueAt(schedule, firedAt);
    const late = firedAt - trigger.time >= 60_000 ? `, missed and run late at ${isoTime(firedAt)}` : '';
    log(`fire: ${describeTrigger(trigger)}${late}${digest ? `, digest due: ${digest}` : ''}`);
    this.#running = trigger;
    let report: FireReport;
    try {
      report = await this.#deps.fire(trigger, digest);
    } catch (error) {
      report = { outcome: 'error', message: error instanceof Error ? error.message : String(error) };
    } finally {
      this.#running = undefined;
    }
    try {
      await store.save({ ...record, ...(report.runId ? { runId: report.runId } : {}), outcome: report.outcome });
    } catch (error) {
      // The trigger is recorded as fired already; only its outcome is missing.
      log(`recording the outcome of ${describeTrigger(trigger)} failed: ${messageOf(error)}`);
    }
    log(`done: ${trigger.kind} ${isoTime(trigger.time)} ${report.runId ?? ''} ${report.outcome}${report.message ? `: ${report.message}` : ''}`.replace(/ {2,}/g, ' '));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `trade 2024-11-29T14:35:00.000Z (session 2024-11-29, session start digest)` */
export function describeTrigger(t: Trigger): string {
  return `${t.kind} ${isoTime(t.time)} (session ${t.session}${t.digest ? `, ${t.digest} digest` : ''})`;
}
