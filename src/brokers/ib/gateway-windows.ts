import { nextWeeklyWindow, weeklyWindowAt, weeklyWindowsBetween, type TimeWindow } from '../../calendar/weekly-window.js';
import { zonedDate } from '../../calendar/zoned-time.js';
import type { IbBrokerConfig } from '../../config/schema.js';
import { restartWindowAt } from './restart-window.js';

export type WeeklyLoginConfig = NonNullable<IbBrokerConfig['weeklyLogin']>;

/** IB Gateway restarts daily at this time unless the config says otherwise (its usual Auto restart). */
export const DEFAULT_RESTART = { at: '23:45', timeZone: 'America/New_York', minutes: 15, during: 'wait' } as const;

/** The weekly login window that contains `now`, if any. */
export function weeklyLoginWindowAt(config: WeeklyLoginConfig, now: number): TimeWindow | undefined {
  return weeklyWindowAt(config, now);
}

/** The first weekly login window that starts after `now`. */
export function nextWeeklyLogin(config: WeeklyLoginConfig, now: number): TimeWindow {
  return nextWeeklyWindow(config, now);
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
  return weeklyWindowsBetween(config.weeklyLogin, first, zonedDate(to, config.weeklyLogin.timeZone)).some((w) => w.start > from && w.start <= to);
}
