import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CorporateAction } from '../domain/corporate-action.js';
import { adjustedSeries, adjustmentFactors, effectiveBar } from './adjusted-series.js';
import { BarSeries } from './bar-series.js';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1, 14, 30);

/** Daily bars on consecutive days (a bar at 14:30 UTC), closes in cents. */
const closes = fc.array(fc.integer({ min: 100, max: 1_000_000 }).map((c) => c / 100), { minLength: 1, maxLength: 60 });

const relativeError = (actual: number, expected: number): number => Math.abs(actual / expected - 1);

function seriesOf(values: readonly number[]): BarSeries {
  return BarSeries.fromBars(values.map((close, i) => ({ time: START + i * DAY, open: close, high: close * 1.01, low: close * 0.99, close, volume: 1000 })));
}

/** Actions on days −2 … length + 2 (some before or after the bars), oldest first: splits of common ratios, dividends below the close before. */
function actionsFor(values: readonly number[]) {
  const action = fc.record({ day: fc.integer({ min: -2, max: values.length + 2 }), split: fc.boolean(), ratio: fc.constantFrom(2, 3, 4, 1.5, 0.5, 0.1, 10), share: fc.double({ min: 0.001, max: 0.5, noNaN: true }) });
  return fc.array(action, { maxLength: 6 }).map((drawn) =>
    drawn
      .sort((a, b) => a.day - b.day)
      .map(({ day, split, ratio, share }): CorporateAction => {
        const time = Date.UTC(2024, 0, 1) + day * DAY;
        // A dividend is a share of the close before its ex-date (the series' first close when there is none).
        const before = values[Math.min(Math.max(day - 1, 0), values.length - 1)]!;
        return { kind: split ? 'split' : 'dividend', date: new Date(time).toISOString().slice(0, 10), time, value: split ? ratio : Number((before * share).toFixed(4)) || 0.0001 };
      }),
  );
}

describe('back-adjusted (total-return) series', () => {
  it('give the raw prices back when divided by their factor column, for any bars and actions', () => {
    fc.assert(
      fc.property(closes.chain((values) => fc.tuple(fc.constant(values), actionsFor(values))), ([values, actions]) => {
        const raw = seriesOf(values);
        const factors = adjustmentFactors(raw.columns, actions, 'ABC');
        const adjusted = adjustedSeries(raw, actions, 'ABC');
        for (let i = 0; i < raw.length; i++) {
          for (const column of ['open', 'high', 'low', 'close'] as const) {
            expect(relativeError(adjusted.columns[column][i]! / factors[i]!, raw.columns[column][i]!)).toBeLessThan(1e-12);
          }
          expect(adjusted.columns.time[i]).toBe(raw.columns.time[i]);
          expect(adjusted.ends[i]).toBe(raw.ends[i]);
        }
        // The newest bar keeps its raw price.
        expect(factors[raw.length - 1]).toBe(1);
      }),
    );
  });

  it('move from close to close by the total return: a split multiplies the raw return by its ratio, a dividend is added back to the close before', () => {
    fc.assert(
      fc.property(closes.chain((values) => fc.tuple(fc.constant(values), actionsFor(values))), ([values, actions]) => {
        const raw = seriesOf(values);
        const adjusted = adjustedSeries(raw, actions, 'ABC').columns.close;
        for (let k = 1; k < raw.length; k++) {
          // The actions that take effect with bar k, applied in the order of the file.
          let expected = values[k]! / values[k - 1]!;
          for (const action of actions.filter((a) => effectiveBar(raw.columns.time, raw.length, a) === k)) {
            expected = action.kind === 'split' ? expected * action.value : expected * (values[k - 1]! / (values[k - 1]! - action.value));
          }
          expect(relativeError(adjusted[k]! / adjusted[k - 1]!, expected)).toBeLessThan(1e-12);
        }
      }),
    );
  });

  it('is the raw series itself when no action takes effect inside it', () => {
    const raw = seriesOf([10, 11, 12]);
    const later: CorporateAction = { kind: 'split', date: '2030-01-02', time: Date.UTC(2030, 0, 2), value: 2 };
    expect(adjustedSeries(raw, [later], 'ABC')).toBe(raw);
    expect(adjustedSeries(raw, [], 'ABC')).toBe(raw);
  });

  it('refuses a dividend not below the close before its ex-date, naming the symbol and the date', () => {
    const raw = seriesOf([10, 11, 12]);
    const absurd: CorporateAction = { kind: 'dividend', date: '2024-01-02', time: Date.UTC(2024, 0, 2), value: 10 };
    expect(() => adjustedSeries(raw, [absurd], 'ABC')).toThrow(/ABC: the dividend of 10 on 2024-01-02 is not below the close before it \(10\)/);
  });
});
