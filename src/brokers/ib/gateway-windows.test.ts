import { describe, expect, it } from 'vitest';
import { gatewayRestartedBetween, nextWeeklyLogin, weeklyLoginWindowAt } from './gateway-windows.js';

const WEEKLY = { day: 'sunday', at: '01:00', timeZone: 'America/New_York', minutes: 120, remindHoursBefore: 12 } as const;

describe('the weekly IB Gateway login window', () => {
  it('holds Sunday 01:00–03:00 New York, in winter and in summer time', () => {
    // Sunday 7 January 2024, 01:00 EST = 06:00Z; Sunday 7 July 2024, 01:00 EDT = 05:00Z.
    expect(weeklyLoginWindowAt(WEEKLY, Date.parse('2024-01-07T06:30:00Z'))).toEqual({ start: Date.parse('2024-01-07T06:00:00Z'), end: Date.parse('2024-01-07T08:00:00Z') });
    expect(weeklyLoginWindowAt(WEEKLY, Date.parse('2024-07-07T05:00:00Z'))?.start).toBe(Date.parse('2024-07-07T05:00:00Z'));
    expect(weeklyLoginWindowAt(WEEKLY, Date.parse('2024-01-07T08:00:00Z'))).toBeUndefined();
    expect(weeklyLoginWindowAt(WEEKLY, Date.parse('2024-01-06T06:30:00Z'))).toBeUndefined();
  });

  it('comes next on the following Sunday once this one has started', () => {
    expect(nextWeeklyLogin(WEEKLY, Date.parse('2024-01-03T15:00:00Z')).start).toBe(Date.parse('2024-01-07T06:00:00Z'));
    expect(nextWeeklyLogin(WEEKLY, Date.parse('2024-01-07T06:00:00Z')).start).toBe(Date.parse('2024-01-14T06:00:00Z'));
  });
});

describe('a gateway restart between two sessions', () => {
  const daily = { gatewayRestart: { at: '23:45', timeZone: 'America/New_York', minutes: 15, during: 'wait' as const } };

  it('is found across the daily restart and not within a trading day', () => {
    // 23:45 New York on 3 January 2024 is 04:45Z on the 4th.
    expect(gatewayRestartedBetween(daily, Date.parse('2024-01-03T15:00:00Z'), Date.parse('2024-01-03T20:00:00Z'))).toBe(false);
    expect(gatewayRestartedBetween(daily, Date.parse('2024-01-03T20:00:00Z'), Date.parse('2024-01-04T14:35:00Z'))).toBe(true);
    expect(gatewayRestartedBetween(daily, Date.parse('2024-01-04T04:45:00Z'), Date.parse('2024-01-04T14:35:00Z'))).toBe(false);
    expect(gatewayRestartedBetween(daily, Date.parse('2024-01-01T15:00:00Z'), Date.parse('2024-01-03T15:00:00Z'))).toBe(true);
  });

  it('is found across the weekly login', () => {
    const config = { gatewayRestart: { ...daily.gatewayRestart, at: '05:00' }, weeklyLogin: WEEKLY };
    expect(gatewayRestartedBetween(config, Date.parse('2024-01-07T05:30:00Z'), Date.parse('2024-01-07T08:30:00Z'))).toBe(true);
    expect(gatewayRestartedBetween({ gatewayRestart: config.gatewayRestart }, Date.parse('2024-01-07T05:30:00Z'), Date.parse('2024-01-07T08:30:00Z'))).toBe(false);
  });
});
