import { formatDate } from '../calendar/civil-date.js';
import { zonedDate, zonedToUtc } from '../calendar/zoned-time.js';
import type { Schedule } from './schedule.js';
import { sessionTriggers } from './triggers.js';

/** IB Gateway's daily restart: "HH:MM" in a time zone. */
export interface GatewayRestart {
  readonly at: string;
  readonly timeZone: string;
}

/** The first restart at or after `time`. */
function nextRestart(restart: GatewayRestart, time: number): number {
  const [hours, minutes] = restart.at.split(':').map(Number) as [number, number];
  const day = zonedDate(time, restart.timeZone);
  const today = zonedToUtc(day, hours * 60 + minutes, restart.timeZone);
  return today >= time ? today : zonedToUtc(day + 1, hours * 60 + minutes, restart.timeZone);
}

/**
 * The first session, among those of the `days` days from `from`, whose end-of-day run would
 * fire only after IB Gateway's first daily restart after the close. IB reports the executions
 * of the current day only and forgets them at the restart, so fills that land after the last
 * trading run (a DAY limit order filled near the close) would no longer be reported as
 * executions by then: the end-of-day run must collect them before.
 */
export function endOfDayAfterGatewayRestart(schedule: Schedule, restart: GatewayRestart, from: number, days = 14): { session: string; endOfDay: number; restart: number } | undefined {
  const { calendar } = schedule;
  const first = zonedDate(from, calendar.timeZone);
  for (const session of calendar.sessions(formatDate(first), formatDate(first + days))) {
    const endOfDay = sessionTriggers(schedule, session).find((t) => t.kind === 'end-of-day');
    if (!endOfDay) continue;
    const restartAt = nextRestart(restart, session.close);
    if (endOfDay.time >= restartAt) return { session: session.date, endOfDay: endOfDay.time, restart: restartAt };
  }
  return undefined;
}
