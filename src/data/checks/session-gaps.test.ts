import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../calendar/get-calendar.js';
import { BarSeries } from '../bar-series.js';
import { missingSessions } from './session-gaps.js';

const xnys = getCalendar('XNYS');
const sessions = xnys.sessions('2025-03-03', '2025-03-14');
const dailyBars = (dates: readonly string[]) => BarSeries.fromBars(dates.map((date) => ({ time: xnys.session(date)!.open, open: 1, high: 1, low: 1, close: 1, volume: 1 })));

describe('missingSessions', () => {
  it('finds the session between two bars that has no bar', () => {
    const dates = sessions.map((s) => s.date).filter((d) => d !== '2025-03-07');
    const window = dailyBars(dates).window(dates.length);
    expect(missingSessions(window, 0, sessions, Date.UTC(2025, 2, 20)).map((s) => s.date)).toEqual(['2025-03-07']);
  });

  it('a complete history, hourly or daily, has no gap; sessions before the first bar read and after the last are not gaps', () => {
    const dates = sessions.map((s) => s.date);
    expect(missingSessions(dailyBars(dates).window(dates.length), 0, sessions, Date.UTC(2025, 2, 20))).toEqual([]);
    const hourly = BarSeries.fromBars(sessions.slice(2, 6).flatMap((s) => [0, 1, 2].map((h) => ({ time: s.open + h * 3_600_000, open: 1, high: 1, low: 1, close: 1, volume: 1 }))));
    expect(missingSessions(hourly.window(hourly.length), 0, sessions, Date.UTC(2025, 2, 20))).toEqual([]);
  });

  it('looks only from the bar the strategy reads first', () => {
    const dates = sessions.map((s) => s.date).filter((d) => d !== '2025-03-04');
    const window = dailyBars(dates).window(dates.length);
    expect(missingSessions(window, 3, sessions, Date.UTC(2025, 2, 20))).toEqual([]);
    expect(missingSessions(window, 0, sessions, Date.UTC(2025, 2, 20)).map((s) => s.date)).toEqual(['2025-03-04']);
  });
});
