import { weekdayOf, type DayNumber } from '../../calendar/civil-date.js';
import { zonedDate, zonedToUtc } from '../../calendar/zoned-time.js';
import type { IbBrokerConfig } from '../../config/schema.js';
import { restartWindowAt } from './restart-window.js';

export type WeeklyLoginConfig = NonNullable<IbBrokerConfig['weeklyLogin']>;

/** A time window in epoch ms, [start, end). */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** IB Gateway restarts daily at this time unless the config says otherwise (its usual Auto restart). */
export const DEFAULT_RESTART = { at: '23:45', timeZone: 'America/New_York', minutes: 15, during: 'wait' } as const;

function minutesOf(at: string): number {
  const [hours, minutes] = at.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** The weekly login windows that start on the local dates from `first` to `last`. */
function weeklyWindows(config: WeeklyLoginConfig, first: DayNumber, last: DayNumber): TimeWindow[] {
  const windows: TimeWindow[] = [];
  for (let day = first; day <= last; day++) {
    if (WEEKDAYS[weekdayOf(day)] !== config.day) continue;
    const start = zonedToUtc(day, minutesOf(config.at), config.timeZone);
    windows.push({ start, end: start + config.minutes * 60_000 });
  }
  return windows;
}

/** The weekly login window that contains `now`, if any. */
export function weeklyLoginWindowAt(config: WeeklyLoginConfig, now: number): TimeWindow | undefined {
  const today = zonedDate(now, config.timeZone);
  // A window may last up to a day, so one that began yesterday can still be open.
  return weeklyWindows(config, today - 1, today).find((w) => now >= w.start && now < w.end);
}

/** The first weekly login window that starts after `now`. */
export function nextWeeklyLogin(config: WeeklyLoginConfig, now: number): TimeWindow {
  const today = zonedDate(now, config.timeZone);
  const next = weeklyWindows(config, today, today + 8).find((w) => w.start > now);
  if (!next) throw new Error(`no ${config.day} in the eight days after ${new Date(now).toISOString()}`);
  return next;
}

/**
 * Whether IB Gateway restarted (its daily restart, or the weekly login) after `from` and at or
 * before `to`: a session opened since then must show that trading works before a run sends.
 */
export function gatewayRestartedBetween(config: Pick<IbBrokerConfig, 'gatewayRestart' | 'weeklyLogin'>, from: number, to: number): boolean {
  if (to - from >= 86_400_000) return true;
  const daily = config.gatewayRestart ?? DEFAULT_RESTART;
  const dailyStart = (t: number) => restartWindowAt({ ...daily, minutes: 24 * 60 - 1 }, t)?.start;
  // The latest daily restart at or before `to` (the window of a day's length contains it).
  const lastDaily = dailyStart(to);
  if (lastDaily !== undefined && lastDaily > from && lastDaily <= to) return true;
  if (!config.weeklyLogin) return false;
  const first = zonedDate(from, config.weeklyLogin.timeZone);
  return weeklyWindows(config.weeklyLogin, first, zonedDate(to, config.weeklyLogin.timeZone)).some((w) => w.start > from && w.start <= to);
}
