import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BarSeries } from '../data/bar-series.js';
import { barTimes } from './backtest-times.js';
import type { Rebalance } from './schedule.js';

const DAY_MS = 86_400_000;
const dayOf = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** The bar schedule written with date strings, as a person reads the rule: the reference the day-number version must equal. */
function referenceBarTimes(ends: readonly number[], from: string, to: string, warmUp: number, rebalance: Rebalance): { decisions: number[]; marks: number[] } {
  const key = (day: string): string => {
    if (rebalance.kind === 'weekly') {
      const t = Date.parse(`${day}T00:00:00Z`);
      return dayOf(t - ((new Date(t).getUTCDay() + 6) % 7) * DAY_MS);
    }
    return rebalance.kind === 'monthly' ? day.slice(0, 7) : day;
  };
  const marks: number[] = [];
  const decisions: number[] = [];
  let counted = 0;
  let previous: string | undefined;
  for (const end of ends) {
    const day = dayOf(end);
    if (day < from || day > to) continue;
    marks.push(end);
    if (end < warmUp) continue;
    const k = key(day);
    const decide = rebalance.kind === 'every' ? counted % rebalance.sessions === 0 : rebalance.kind === 'hourly' || k !== previous;
    counted += 1;
    previous = k;
    if (decide) decisions.push(end);
  }
  return { decisions, marks };
}

const rebalances: fc.Arbitrary<Rebalance> = fc.oneof(
  fc.constantFrom<Rebalance>({ kind: 'hourly' }, { kind: 'daily' }, { kind: 'weekly' }, { kind: 'monthly' }),
  fc.integer({ min: 1, max: 30 }).map((sessions): Rebalance => ({ kind: 'every', sessions })),
);

describe('barTimes', () => {
  it('decides and marks as the date-string rule does, for every rebalance kind, period and bar spacing', () => {
    fc.assert(
      fc.property(
        // Bars from 1960 to 2060, some hours apart, some days: before 1970 the day numbers are negative.
        fc.integer({ min: -3_650, max: 32_000 }),
        fc.array(fc.integer({ min: 1, max: 4 * 24 }), { minLength: 1, maxLength: 400, size: 'max' }),
        rebalances,
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        (firstDay, gapsInHours, rebalance, historyDays, cutFront, cutBack) => {
          const times: number[] = [];
          let t = firstDay * DAY_MS + 14 * 3_600_000;
          for (const gap of gapsInHours) {
            times.push(t);
            t += gap * 3_600_000;
          }
          const series = BarSeries.fromBars(times.map((time) => ({ time, open: 1, high: 1, low: 1, close: 1, volume: 1 })));
          const ends = [...series.ends];
          const fromDate = dayOf(ends[0]! + cutFront * DAY_MS);
          const toDate = dayOf(ends[ends.length - 1]! - cutBack * DAY_MS);
          const made = barTimes({ series: [series], historyDays, rebalance, fromDate, toDate });
          // The warm-up as barTimes finds it: the start of the bar that begins the historyDays-th date.
          const starts = [...series.columns.time];
          const firstOfDate = starts.filter((s, i) => i === 0 || Math.floor(s / DAY_MS) !== Math.floor(starts[i - 1]! / DAY_MS));
          const warmUp = historyDays <= 0 ? Number.NEGATIVE_INFINITY : (firstOfDate[historyDays - 1] ?? Number.POSITIVE_INFINITY);
          expect(made).toEqual(referenceBarTimes(ends, fromDate, toDate, warmUp, rebalance));
        },
      ),
      { numRuns: 300 },
    );
  });
});
