import { formatDate } from '../calendar/civil-date.js';
import type { ExchangeCalendar, Session } from '../calendar/session.js';
import { zonedDate } from '../calendar/zoned-time.js';

/** The exchange's latest session that opened at or before `t` (today's once open, else the previous one). */
/**
 * The open of the `back`-th last session of the exchange that had closed by `t` (1 = the last
 * completed session): how old a history's newest bar may be.
 */
export function completedSessionOpen(calendar: ExchangeCalendar, t: number, back: number): number {
  const latest = latestSessionStartedBy(calendar, t);
  let session = latest.close <= t ? latest : calendar.previousSession(latest.date);
  for (let i = 1; i < back; i++) session = calendar.previousSession(session.date);
  return session.open;
}

export function latestSessionStartedBy(calendar: ExchangeCalendar, t: number): Session {
  const localDate = formatDate(zonedDate(t, calendar.timeZone));
  const today = calendar.session(localDate);
  return today && today.open <= t ? today : calendar.previousSession(localDate);
}
