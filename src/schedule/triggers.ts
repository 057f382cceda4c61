import { latestSessionStartedBy } from '../app/latest-session.js';
import { formatDate } from '../calendar/civil-date.js';
import type { Session } from '../calendar/session.js';
import { zonedDate } from '../calendar/zoned-time.js';
import type { DigestLabel } from '../cycle/cycle-deps.js';
import type { Schedule } from './schedule.js';

const DAY = 86_400_000;

export type TriggerKind = 'trade' | 'end-of-day';

/** One moment at which the schedule runs a cycle. Times are epoch ms UTC. */
export interface Trigger {
  readonly time: number;
  readonly kind: TriggerKind;
  /** The trading date (exchange time) of the session the trigger belongs to. */
  readonly session: string;
  /** The digest that goes out with this trigger's run (digest-rule.ts). */
  readonly digest?: DigestLabel;
  /**
   * A trigger missed while nothing was running may still fire until this instant: a trading
   * run until its session closes, the end-of-day run until the next session opens (after that
   * the "day" it would commit is the new one).
   */
  readonly validUntil: number;
}

/** What the store remembers of the last trigger fired: enough to order it against others. */
export interface FiredKey {
  readonly time: number;
  readonly kind: TriggerKind;
}

/** Order of triggers: by time, and an end-of-day run before a trading run at the same instant. */
export function compareTriggers(a: FiredKey, b: FiredKey): number {
  return a.time - b.time || rank(a.kind) - rank(b.kind);
}

function rank(kind: TriggerKind): number {
  return kind === 'end-of-day' ? 0 : 1;
}

/**
 * The triggers that belong to one session: each trading expression's times inside
 * [open + afterOpen, close − beforeClose], with their digests, and the end-of-day run at the
 * first end-of-day time after the close, if that comes before the next session opens: the run
 * commits the day of the latest session opened, so after the next open it would commit the
 * wrong one. (A calendar without a gap between sessions, like FX, has no end-of-day run.)
 */
export function sessionTriggers(schedule: Schedule, session: Session): readonly Trigger[] {
  // croner takes most of a millisecond per step in a time zone, and the daemon asks about the
  // same sessions at every wake-up, so each session's triggers are worked out once per schedule.
  let memo = memos.get(schedule);
  if (!memo) memos.set(schedule, (memo = new Map()));
  let triggers = memo.get(session.date);
  if (!triggers) memo.set(session.date, (triggers = Object.freeze(computeSessionTriggers(schedule, session))));
  return triggers;
}

const memos = new WeakMap<Schedule, Map<string, readonly Trigger[]>>();

function computeSessionTriggers(schedule: Schedule, session: Session): Trigger[] {
  const from = session.open + schedule.afterOpenMs;
  const to = session.close - schedule.beforeCloseMs;
  const times = new Set<number>();
  for (const rule of schedule.trade) {
    for (let t = rule.next(from - 1); t !== undefined && t <= to; t = rule.next(t)) times.add(t);
  }
  const trades = [...times].sort((a, b) => a - b);
  const digests = digestsOf(session, trades);
  const triggers: Trigger[] = trades.map((time, i) => ({ time, kind: 'trade', session: session.date, ...(digests[i] ? { digest: digests[i] } : {}), validUntil: session.close }));
  const eod = schedule.endOfDay.next(session.close);
  const next = schedule.calendar.nextSession(session.date);
  if (eod !== undefined && eod < next.open) {
    triggers.push({ time: eod, kind: 'end-of-day', session: session.date, digest: 'session end', validUntil: next.open });
  }
  return triggers;
}

/**
 * The digest rule, the only one: the session's first trading run sends "session start", the
 * first at or after the session's midpoint "session middle", the last one "session end" (a run
 * that is several of these sends the latest, which counts for the earlier ones). The end-of-day
 * run carries "session end" too, so that the day's last digest goes out even when the last
 * trading run could not read the account; the day's record keeps it from going out twice.
 */
export function digestsOf(session: Session, times: readonly number[]): (DigestLabel | undefined)[] {
  const labels: (DigestLabel | undefined)[] = times.map(() => undefined);
  if (times.length === 0) return labels;
  labels[0] = 'session start';
  const middle = session.open + (session.close - session.open) / 2;
  const firstPastMiddle = times.findIndex((t) => t >= middle);
  if (firstPastMiddle >= 0) labels[firstPastMiddle] = 'session middle';
  labels[times.length - 1] = 'session end';
  return labels;
}

/** Every trigger with from < time <= to, in order. */
export function triggersBetween(schedule: Schedule, from: number, to: number): Trigger[] {
  const { calendar } = schedule;
  // Sessions dated from a few days before `from` (an end-of-day run fires up to a long weekend
  // after its session) to a day after `to` (an FX session opens the evening before its date).
  const first = formatDate(zonedDate(from, calendar.timeZone) - 5);
  const last = formatDate(zonedDate(to, calendar.timeZone) + 1);
  const triggers = calendar.sessions(first, last).flatMap((s) => sessionTriggers(schedule, s));
  return triggers.filter((t) => t.time > from && t.time <= to).sort(compareTriggers);
}

/**
 * The next `count` triggers strictly after `after` (fewer if the calendar's years run out),
 * looking at most 371 days ahead. Session by session, stopping at the session that completes
 * `count`: each session's triggers come after its open and before the next session's open (its
 * trading runs inside it, its end-of-day run before that open), so they are in order, and a
 * session whose next one opened by `after` has none left. croner takes most of a millisecond
 * per time, and `status` asks for one trigger: the sessions around it are all it works out.
 */
export function nextTriggers(schedule: Schedule, after: number, count: number): Trigger[] {
  const { calendar } = schedule;
  const until = after + 371 * DAY;
  const found: Trigger[] = [];
  try {
    // An end-of-day run fires up to a long weekend after its session; an FX session opens the evening before its date.
    let session = calendar.nextSession(formatDate(zonedDate(after, calendar.timeZone) - 6));
    while (found.length < count && session.open <= until) {
      const next = calendar.nextSession(session.date);
      if (next.open > after) found.push(...sessionTriggers(schedule, session).filter((t) => t.time > after && t.time <= until));
      session = next;
    }
  } catch (error) {
    if (!(error instanceof Error && error.name === 'CalendarRangeError')) throw error;
  }
  return found.slice(0, count);
}

/** The latest trigger at or before `at`, looking back at most `lookbackMs`. */
export function latestTrigger(schedule: Schedule, at: number, lookbackMs: number = 10 * DAY): Trigger | undefined {
  return triggersBetween(schedule, at - lookbackMs, at).at(-1);
}

/**
 * The trigger to fire now: the latest one at or before `now` that was not fired yet, if it is
 * still valid. Earlier missed ones are dropped — a cycle reads the whole account, so one run
 * catches up with all of them, and running each would only repeat it. With nothing fired yet
 * (a first start) the latest trigger counts as missed, so a scheduler started mid-session runs
 * at once rather than waiting up to an hour.
 */
export function dueTrigger(schedule: Schedule, now: number, lastFired: FiredKey | undefined): Trigger | undefined {
  const latest = latestTrigger(schedule, now);
  if (!latest || (lastFired && compareTriggers(latest, lastFired) <= 0)) return undefined;
  return now < latest.validUntil ? latest : undefined;
}

/**
 * The digest a run at `at` should send, for runs that no trigger started (`autofolio run`):
 * that of the latest digest-carrying trigger of the current session at or before `at`.
 */
export function digestDueAt(schedule: Schedule, at: number): DigestLabel | undefined {
  const session = latestSessionStartedBy(schedule.calendar, at);
  const passed = sessionTriggers(schedule, session).filter((t) => t.time <= at && t.digest);
  return passed.at(-1)?.digest;
}
