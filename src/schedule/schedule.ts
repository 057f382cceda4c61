import { Cron } from 'croner';
import { getCalendar } from '../calendar/get-calendar.js';
import { offsetAt, offsetConstantBetween } from '../calendar/zoned-time.js';
import type { ExchangeCalendar } from '../calendar/session.js';
import type { LoadedConfig } from '../config/load.js';
import type { ScheduleConfig } from '../config/schema.js';
import { tradableInstruments } from '../cycle/instruments.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A cron expression read in the exchange's time zone: the next matching instant after a time. */
export interface CronRule {
  readonly expression: string;
  /** The first matching instant strictly after `after`, or undefined when there is none. */
  next(after: number): number | undefined;
}

/** The schedule of one account: when its runs fire, in the exchange's sessions and time zone. */
export interface Schedule {
  readonly calendar: ExchangeCalendar;
  readonly timeZone: string;
  readonly trade: readonly CronRule[];
  readonly afterOpenMs: number;
  readonly beforeCloseMs: number;
  readonly endOfDay: CronRule;
}

export class ScheduleConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleConfigError';
  }
}

// croner, in a time zone, looks at the zone's offsets up to three hours either side of a time.
const CRONER_REACH = 3 * 3_600_000;

/**
 * croner does the cron arithmetic in an IANA time zone, DST included, and is the only place
 * that library is imported. Patterns keep croner's default of OR-ing day-of-month and weekday
 * like Vixie cron, so an expression means in the daemon what it means in a crontab.
 *
 * croner reads a zone's wall clock through Intl, and the first Intl object of a process costs
 * 20–30 ms of ICU data (more than the rest of `autofolio status`), while the zone's offsets are
 * at hand without Intl (zoned-time.ts). So where the zone keeps one offset from three hours
 * before `after` to three hours past the answer, the answer comes from croner at that fixed
 * offset, which in such a stretch is the same arithmetic: every wall time there is one instant.
 * Near a DST change croner in the zone answers, with its handling of skipped and repeated hours.
 */
export function cronRule(expression: string, timeZone: string, field: string): CronRule {
  let zoned: Cron;
  try {
    zoned = new Cron(expression, { timezone: timeZone, paused: true });
  } catch (error) {
    throw new ScheduleConfigError(`${field}: "${expression}" is not a cron expression croner accepts (${error instanceof Error ? error.message : String(error)}); e.g. "35 * * * *" for every hour at :35`);
  }
  const fixed = new Map<number, Cron>();
  const atOffset = (offset: number): Cron => {
    let cron = fixed.get(offset);
    if (!cron) fixed.set(offset, (cron = new Cron(expression, { utcOffset: offset / MINUTE, paused: true })));
    return cron;
  };
  return {
    expression,
    next: (after) => {
      const offset = offsetAt(after, timeZone);
      // croner takes its fixed offsets in whole minutes; old local mean times had seconds.
      if (offset % MINUTE === 0) {
        const next = atOffset(offset).nextRun(new Date(after))?.getTime();
        if (next !== undefined && offsetConstantBetween(after - CRONER_REACH, next + CRONER_REACH, timeZone)) return next;
      }
      return zoned.nextRun(new Date(after))?.getTime() ?? undefined;
    },
  };
}

/** The exchange the schedule follows: the configured one, else the first traded instrument's. */
export function scheduleExchange(config: LoadedConfig): string {
  return config.schedule.exchange ?? tradableInstruments(config)[0]?.exchange ?? 'XNYS';
}

/**
 * Turns the config's schedule section into rules. The default trading expression is derived
 * from the exchange's regular open, so "every hour from 5 minutes after the open" holds on an
 * exchange that opens on the hour (XLON, 08:05) as on one that opens on the half hour (XNYS, 09:35).
 */
export function resolveSchedule(config: LoadedConfig, at: number = Date.now()): Schedule {
  return buildSchedule(config.schedule, getCalendar(scheduleExchange(config)), at);
}

export function buildSchedule(section: ScheduleConfig, calendar: ExchangeCalendar, at: number): Schedule {
  const timeZone = calendar.timeZone;
  const expressions = section.trade ?? [defaultTradeExpression(calendar, section.afterOpenMinutes, at)];
  return Object.freeze({
    calendar,
    timeZone,
    trade: Object.freeze(expressions.map((e, i) => cronRule(e, timeZone, `schedule.trade[${i}]`))),
    afterOpenMs: section.afterOpenMinutes * MINUTE,
    beforeCloseMs: section.beforeCloseMinutes * MINUTE,
    endOfDay: cronRule(section.endOfDay, timeZone, 'schedule.endOfDay'),
  });
}

/** `M * * * *` where M is the minute of the hour afterOpen minutes after a regular open. */
export function defaultTradeExpression(calendar: ExchangeCalendar, afterOpenMinutes: number, at: number): string {
  const open = calendar.nextOpen(at);
  const localMinutes = Math.round((((open + offsetAt(open, calendar.timeZone)) % DAY) + DAY) % DAY / MINUTE);
  return `${(localMinutes + afterOpenMinutes) % 60} * * * *`;
}
