import { zonedDate, zonedToUtc } from '../../calendar/zoned-time.js';

export interface RestartWindowConfig {
  /** "HH:MM" in `timeZone`: IB Gateway's daily auto-restart time. */
  readonly at: string;
  readonly timeZone: string;
  readonly minutes: number;
  readonly during: 'wait' | 'skip';
}

/** The restart window that contains `now`, as epoch ms [start, end), if any. */
export function restartWindowAt(config: RestartWindowConfig, now: number): { start: number; end: number } | undefined {
  const [hours, minutes] = config.at.split(':').map(Number) as [number, number];
  const today = zonedDate(now, config.timeZone);
  // Yesterday's window too: one that starts before midnight can still be running.
  for (const day of [today, today - 1]) {
    const start = zonedToUtc(day, hours * 60 + minutes, config.timeZone);
    const end = start + config.minutes * 60_000;
    if (now >= start && now < end) return { start, end };
  }
  return undefined;
}
