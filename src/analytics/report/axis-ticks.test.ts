import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateTicks, tickDigits, valueTicks } from './axis-ticks.js';

const DAY = 86_400_000;
const at = (date: string): number => Date.parse(`${date}T00:00:00Z`);

describe('valueTicks', () => {
  it('encloses any range in steps of 1, 2 or 5 × 10^k, with zero on the axis when the range spans it', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }), (lo, span) => {
        const ticks = valueTicks(lo, lo + span);
        expect(ticks[0]!).toBeLessThanOrEqual(lo);
        expect(ticks[ticks.length - 1]!).toBeGreaterThanOrEqual(lo + span);
        expect(ticks[ticks.length - 1]!).toBeGreaterThan(ticks[0]!);
        expect(ticks.length).toBeLessThanOrEqual(12);
        const step = ticks[1]! - ticks[0]!;
        const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
        expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
        if (lo < 0 && lo + span > 0) expect(ticks).toContain(0);
      }),
    );
  });

  it('draws a flat line mid-height on a band around it, never on an axis of zero height', () => {
    expect(valueTicks(0, 0)).toEqual([-0.01, -0.005, 0, 0.005, 0.01]);
    const flat = valueTicks(1_000_000, 1_000_000);
    expect(flat[0]).toBeLessThan(1_000_000);
    expect(flat[flat.length - 1]).toBeGreaterThan(1_000_000);
  });

  it('gives round labels for a drawdown and an equity curve', () => {
    expect(valueTicks(-0.0932, 0, 6)).toEqual([-0.1, -0.08, -0.06, -0.04, -0.02, 0]);
    expect(valueTicks(975_000, 1_101_000)).toEqual([950_000, 1_000_000, 1_050_000, 1_100_000, 1_150_000]);
    expect(tickDigits([-0.1, -0.08].map((t) => t * 100))).toBe(0);
    expect(tickDigits([0.5, 1, 1.5])).toBe(1);
  });
});

describe('dateTicks', () => {
  it('ticks every day of a week, in full', () => {
    expect(dateTicks(at('2025-11-10'), at('2025-11-14'), 8).map((t) => t.label)).toEqual(['2025-11-11', '2025-11-12', '2025-11-13']);
  });

  it('ticks Mondays over a month', () => {
    const ticks = dateTicks(at('2025-10-01'), at('2025-10-31'), 8);
    expect(ticks.map((t) => t.label)).toEqual(['2025-10-06', '2025-10-13', '2025-10-20', '2025-10-27']);
  });

  it('ticks months, quarters and years on their first day as the span grows', () => {
    expect(dateTicks(at('2025-03-03'), at('2025-11-14'), 9).map((t) => t.label)).toEqual(['Apr 2025', 'May 2025', 'Jun 2025', 'Jul 2025', 'Aug 2025', 'Sep 2025', 'Oct 2025', 'Nov 2025']);
    expect(dateTicks(at('2023-02-10'), at('2025-01-20'), 7).map((t) => t.label)).toEqual(['Apr 2023', 'Jul 2023', 'Oct 2023', 'Jan 2024', 'Apr 2024', 'Jul 2024', 'Oct 2024', 'Jan 2025']);
    expect(dateTicks(at('2015-01-02'), at('2024-12-31'), 8).map((t) => t.label)).toEqual(['2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024']);
    expect(dateTicks(at('1995-01-02'), at('2024-12-31'), 8).map((t) => t.label)).toEqual(Array.from({ length: 15 }, (_, i) => String(1996 + 2 * i)));
    expect(dateTicks(at('1965-01-02'), at('2024-12-31'), 8).map((t) => t.label)).toEqual(['1970', '1975', '1980', '1985', '1990', '1995', '2000', '2005', '2010', '2015', '2020']);
  });

  it('never puts more than the ticks asked for, and only inside the range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 7_000 }), fc.integer({ min: 2, max: 12 }), (startDay, spanDays, maxTicks) => {
        const first = Date.UTC(1990, 0, 1) + startDay * DAY;
        const last = first + spanDays * DAY;
        const ticks = dateTicks(first, last, maxTicks);
        expect(ticks.length).toBeLessThanOrEqual(Math.floor((maxTicks * 11) / 5));
        if (ticks[0] && /^\d{4}-\d\d-\d\d$/.test(ticks[0].label)) expect(ticks.length).toBeLessThanOrEqual(maxTicks);
        for (const t of ticks) {
          expect(t.time).toBeGreaterThan(first);
          expect(t.time).toBeLessThan(last);
        }
      }),
    );
  });
});
