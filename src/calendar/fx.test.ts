import { describe, expect, it } from 'vitest';
import { getCalendar } from './get-calendar.js';

const fx = getCalendar('FX');
const at = (iso: string): number => Date.parse(iso);

describe('FX 24/5', () => {
  it('runs a week from Sunday 17:00 to Friday 17:00 New York', () => {
    const week = fx.sessions('2024-03-04', '2024-03-08');
    expect(week.map((s) => s.date)).toEqual(['2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08']);
    expect(new Date(week[0]?.open ?? 0).toISOString()).toBe('2024-03-03T22:00:00.000Z');
    expect(new Date(week[4]?.close ?? 0).toISOString()).toBe('2024-03-08T22:00:00.000Z');
    // Each session opens where the one before closed: no gap during the week.
    for (let i = 1; i < week.length; i += 1) expect(week[i]?.open).toBe(week[i - 1]?.close);
  });

  it('is open mid-week at any hour and closed on Saturday', () => {
    expect(fx.isOpen(at('2024-03-06T03:00:00Z'))).toBe(true);
    expect(fx.sessionAt(at('2024-03-06T23:00:00Z'))?.date).toBe('2024-03-07');
    expect(fx.isOpen(at('2024-03-09T12:00:00Z'))).toBe(false);
    expect(fx.isOpen(at('2024-03-08T21:59:59Z'))).toBe(true);
    expect(fx.isOpen(at('2024-03-08T22:00:00Z'))).toBe(false);
  });

  it('follows New York across the DST change on Sunday 2024-03-10', () => {
    // The week's open moves from 22:00 to 21:00 UTC on the day the clocks change.
    expect(fx.session('2024-03-11')?.open).toBe(at('2024-03-10T21:00:00Z'));
  });

  it('is closed for the sessions of 25 December and 1 January', () => {
    expect(fx.session('2024-12-25')).toBeUndefined();
    expect(fx.session('2025-01-01')).toBeUndefined();
    expect(fx.isOpen(at('2024-12-25T12:00:00Z'))).toBe(false);
    expect(fx.nextOpen(at('2024-12-24T22:00:00Z'))).toBe(at('2024-12-25T22:00:00Z'));
  });
});
