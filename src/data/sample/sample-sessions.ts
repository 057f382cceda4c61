import { getCalendar } from '../../calendar/get-calendar.js';

const HOUR_MS = 3_600_000;

/** One hourly bar of a regular NYSE session. */
export interface SessionBar {
  /** Bar start, epoch ms UTC. */
  readonly start: number;
  /** Hours the bar covers: 1, or 0.5 for the last bar of a session ending on the half hour. */
  readonly hours: number;
}

/** The last `count` NYSE trading days up to and including `lastDay` (YYYY-MM-DD), oldest first. */
export function nyseTradingDays(lastDay: string, count: number): string[] {
  const calendar = getCalendar('XNYS');
  const days: string[] = [];
  let date = calendar.session(lastDay) ? lastDay : calendar.previousSession(lastDay).date;
  while (days.length < count) {
    days.push(date);
    date = calendar.previousSession(date).date;
  }
  return days.reverse();
}

/**
 * Hourly bars of the NYSE session on `date` (09:30–16:00 New York, 13:00 on early closes),
 * stamped at their start in UTC: 09:30, 10:30, …, 15:30, the last one half an hour long.
 */
export function nyseSessionBars(date: string): SessionBar[] {
  const session = getCalendar('XNYS').session(date);
  if (!session) throw new RangeError(`${date} is not an NYSE trading day`);
  const bars: SessionBar[] = [];
  for (let start = session.open; start < session.close; start += HOUR_MS) bars.push({ start, hours: Math.min(HOUR_MS, session.close - start) / HOUR_MS });
  return bars;
}

