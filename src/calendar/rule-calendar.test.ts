import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarRangeError, InvalidDateError } from './errors.js';
import { getCalendar } from './get-calendar.js';
import { RuleCalendar } from './rule-calendar.js';
import { XNYS } from './xnys.js';

const nyse = getCalendar('XNYS');
const at = (iso: string): number => Date.parse(iso);
const iso = (t: number): string => new Date(t).toISOString();

describe('session queries (XNYS)', () => {
  it('knows when it is open, on both sides of the bell', () => {
    expect(nyse.isOpen(at('2024-07-03T13:29:59Z'))).toBe(false);
    expect(nyse.sessionAt(at('2024-07-03T13:30:00Z'))?.date).toBe('2024-07-03');
    expect(nyse.isOpen(at('2024-07-03T16:59:59Z'))).toBe(true);
    expect(nyse.isOpen(at('2024-07-03T17:00:00Z'))).toBe(false); // early close
    expect(nyse.isOpen(at('2024-07-04T15:00:00Z'))).toBe(false); // holiday
    expect(nyse.isOpen(at('2024-07-06T15:00:00Z'))).toBe(false); // Saturday
  });

  it('finds the next open and close over a holiday weekend', () => {
    // Thursday after the close, before Good Friday 2024.
    const t = at('2024-03-28T21:00:00Z');
    expect(iso(nyse.nextOpen(t))).toBe('2024-04-01T13:30:00.000Z');
    expect(iso(nyse.nextClose(t))).toBe('2024-04-01T20:00:00.000Z');
    // During a session the next close is today's and the next open tomorrow's.
    const during = at('2024-11-29T15:00:00Z');
    expect(iso(nyse.nextClose(during))).toBe('2024-11-29T18:00:00.000Z');
    expect(iso(nyse.nextOpen(during))).toBe('2024-12-02T14:30:00.000Z');
  });

  it('follows New York time across the autumn DST change', () => {
    expect(iso(nyse.nextOpen(at('2024-11-01T21:00:00Z')))).toBe('2024-11-04T14:30:00.000Z');
  });

  it('steps to the previous and next sessions from any date', () => {
    expect(nyse.previousSession('2025-01-09').date).toBe('2025-01-08');
    expect(nyse.nextSession('2025-01-08').date).toBe('2025-01-10');
    expect(nyse.nextSession('2024-12-24').date).toBe('2024-12-26');
    expect(nyse.previousSession('2024-12-29').date).toBe('2024-12-27'); // from a Sunday
    expect(nyse.nextSession('2001-09-10').date).toBe('2001-09-17');
  });

  it('returns sessions within the inclusive range, across years', () => {
    const s = nyse.sessions('2021-12-30', '2022-01-04');
    expect(s.map((x) => x.date)).toEqual(['2021-12-30', '2021-12-31', '2022-01-03', '2022-01-04']);
    expect(nyse.sessions('2024-01-02', '2024-01-01')).toEqual([]);
  });

  it('refuses bad dates and years outside 2000–2030', () => {
    expect(() => nyse.session('2024-02-30')).toThrow(InvalidDateError);
    expect(() => nyse.sessions('1999-06-01', '2000-06-01')).toThrow(CalendarRangeError);
    expect(() => nyse.nextOpen(at('2030-12-31T22:00:00Z'))).toThrow(CalendarRangeError);
    expect(() => nyse.isOpen(at('1999-06-01T15:00:00Z'))).toThrow(CalendarRangeError);
    expect(() => nyse.isOpen(Number.NaN)).toThrow(RangeError);
    expect(nyse.session('2000-01-03')?.date).toBe('2000-01-03');
  });
});

describe('invariants over 2000–2030', () => {
  const instants = fc.integer({ min: at('2000-01-02T00:00:00Z'), max: at('2030-12-20T00:00:00Z') });

  it.each(['XNYS', 'XLON', 'XTSE', 'FX'])('%s: isOpen, sessionAt, nextOpen and nextClose agree', (mic) => {
    const cal = getCalendar(mic);
    fc.assert(
      fc.property(instants, (t) => {
        const open = cal.sessionAt(t);
        const nextOpen = cal.nextOpen(t);
        const nextClose = cal.nextClose(t);
        expect(nextOpen).toBeGreaterThan(t);
        expect(nextClose).toBeGreaterThan(t);
        expect(cal.isOpen(t)).toBe(open !== undefined);
        if (open) {
          expect(nextClose).toBe(open.close);
        } else {
          // Closed now: nothing opens before the next open, and the next close ends that session.
          expect(cal.sessionAt(nextOpen)?.open).toBe(nextOpen);
          expect(cal.sessionAt(nextClose - 1)?.open).toBe(nextOpen);
        }
      }),
    );
  });

  it.each(['XNYS', 'XLON', 'XTSE', 'FX'])('%s: sessions are ordered, open before close, dated in local time', (mic) => {
    const cal = getCalendar(mic);
    const all = cal.sessions('2000-01-01', '2030-12-31');
    const localDate = new Intl.DateTimeFormat('en-CA', { timeZone: cal.timeZone });
    for (let i = 0; i < all.length; i += 1) {
      const s = all[i];
      const before = all[i - 1];
      if (!s) continue;
      expect(s.open).toBeLessThan(s.close);
      if (before) expect(before.close).toBeLessThanOrEqual(s.open);
      expect(cal.session(s.date)).toBe(s);
      expect(localDate.format(s.close - 1)).toBe(s.date);
    }
  });

  it('builds thirty-one years of NYSE sessions quickly from cold', () => {
    // Typically ~50–100 ms on first use (most of it loading time zone data), under 1 ms after.
    const started = performance.now();
    expect(new RuleCalendar(XNYS).sessions('2000-01-01', '2030-12-31')).toHaveLength(7794);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
