import { formatDate } from '../calendar/civil-date.js';
import type { ExchangeCalendar, Session } from '../calendar/session.js';
import { zonedDate } from '../calendar/zoned-time.js';

/** The exchange's latest session that opened at or before `t` (today's once open, else the previous one). */
export function latestSessionStartedBy(calendar: ExchangeCalendar, t: number): Session {
  const localDate = formatDate(zonedDate(t, calendar.timeZone));
  const today = calendar.session(localDate);
  return today && today.open <= t ? today : calendar.previousSession(localDate);
}
