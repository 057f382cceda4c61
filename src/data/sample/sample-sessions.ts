import { NYSE_EARLY_CLOSES_2024_2025, NYSE_HOLIDAYS_2024_2025 } from './nyse-holidays.js';
import { newYorkToUtc } from './new-york-time.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** One hourly bar of a regular NYSE session. */
export interface SessionBar {
  /** Bar start, epoch ms UTC. */
  readonly start: number;
  /** Hours the bar covers: 1, or 0.5 for the last bar of a session ending on the half hour. */
  readonly hours: number;
}

/**
 * The last `count` NYSE trading days up to and including `lastDay` (YYYY-MM-DD), oldest
 * first: weekdays that are not NYSE holidays. Only 2024–2025 holidays are known, so the
 * range must stay inside those years.
 */
export function nyseTradingDays(lastDay: string, count: number): string[] {
  const days: string[] = [];
  for (let time = Date.parse(`${lastDay}T00:00:00Z`); days.length < count; time -= DAY_MS) {
    const date = new Date(time).toISOString().slice(0, 10);
    if (!date.startsWith('2024') && !date.startsWith('2025')) throw new RangeError(`no NYSE holiday table for ${date}`);
    const weekday = new Date(time).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !NYSE_HOLIDAYS_2024_2025.has(date)) days.push(date);
  }
  return days.reverse();
}

/**
 * Hourly bars of the regular session 09:30–16:00 New York (13:00 on early-close days),
 * stamped at their start in UTC: 09:30, 10:30, …, 15:30, the last one half an hour long.
 */
export function nyseSessionBars(date: string): SessionBar[] {
  const open = newYorkToUtc(date, 9, 30);
  const close = NYSE_EARLY_CLOSES_2024_2025.has(date) ? newYorkToUtc(date, 13, 0) : newYorkToUtc(date, 16, 0);
  const bars: SessionBar[] = [];
  for (let start = open; start < close; start += HOUR_MS) bars.push({ start, hours: Math.min(HOUR_MS, close - start) / HOUR_MS });
  return bars;
}
