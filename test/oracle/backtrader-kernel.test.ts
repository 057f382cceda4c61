import { describe, expect, it } from 'vitest';
import { mulberry32, normalSource } from '../../src/data/sample/prng.js';
import type { AlignedPanel } from './aligned-panel.js';
import { BACKTRADER_DEFAULTS, runBacktraderCompat } from './backtrader-kernel.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

function panel(symbols: string[], opens: number[][], closes: number[][]): AlignedPanel {
  const times = Float64Array.from(opens[0]!, (_, i) => T0 + i * DAY);
  return { symbols, times, open: opens.map((o) => Float64Array.from(o)), close: closes.map((c) => Float64Array.from(c)) };
}

describe('the backtrader comparison mode', () => {
  it('matches a run worked out by hand (lookback 2, every 2 bars)', () => {
    const data = panel(
      ['A', 'B'],
      [
        [100, 110, 99, 100, 99, 110],
        [100, 105, 99.75, 100, 99.75, 90],
      ],
      [
        [100, 110, 99, 99, 108.9, 110],
        [100, 105, 99.75, 99.75, 89.775, 90],
      ],
    );
    const result = runBacktraderCompat(data, { lookback: 2, every: 2, gross: 0.9, commissionRate: 0.001, cash: 10_000 });
    // t=2: stds 0.1 and 0.05 → weights 0.3, 0.6 of 10,000 at closes 99 and 99.75 → 30 A, 60 B.
    // t=4: value 9,644.5, equal stds → 4,340.025 each: buy trunc(1,073.025/108.9) = 9 A, sell trunc(1,046.475/89.775) = 11 B.
    expect(result.orders.map((o) => [o.time, o.symbol, o.side, o.quantity, o.status])).toEqual([
      [T0 + 2 * DAY, 'A', 'BUY', 30, 'filled'],
      [T0 + 2 * DAY, 'B', 'BUY', 60, 'filled'],
      [T0 + 4 * DAY, 'B', 'SELL', 11, 'filled'],
      [T0 + 4 * DAY, 'A', 'BUY', 9, 'filled'],
    ]);
    expect(result.fills.map((f) => [f.time, f.symbol, f.side, f.quantity, f.price])).toEqual([
      [T0 + 3 * DAY, 'A', 'BUY', 30, 100],
      [T0 + 3 * DAY, 'B', 'BUY', 60, 100],
      [T0 + 5 * DAY, 'B', 'SELL', 11, 90],
      [T0 + 5 * DAY, 'A', 'BUY', 9, 110],
    ]);
    expect(result.fills.map((f) => f.commission)).toEqual([3, 6, expect.closeTo(0.99, 12), expect.closeTo(0.99, 12)]);
    // Cash 10,000 − 3,003 − 6,006 + 989.01 − 990.99 = 989.02; 39 × 110 + 49 × 90 = 8,700.
    expect(result.equity.map((p) => p.equity)).toEqual([10_000, 10_000, 10_000, 9_946, 9_644.5, expect.closeTo(9_689.02, 9)]);
    expect(result.finalEquity).toBeCloseTo(9_689.02, 9);
  });

  it('leaves the orders of the last bar unfilled: there is no next open', () => {
    const data = panel(['A', 'B'], [[10, 11, 12], [20, 21, 20]], [[10, 11, 12.5], [20, 21, 20.5]]);
    const result = runBacktraderCompat(data, { ...BACKTRADER_DEFAULTS, lookback: 2, every: 5, cash: 1_000 });
    expect(result.orders.length).toBe(2);
    expect(result.orders.every((o) => o.status === 'submitted' && o.filledQuantity === 0)).toBe(true);
    expect(result.fills).toEqual([]);
    expect(result.finalEquity).toBe(1_000);
  });

  it('refuses a symbol whose price never moved', () => {
    const data = panel(['A', 'B'], [[10, 10, 10], [20, 21, 20]], [[10, 10, 10], [20, 21, 20.5]]);
    expect(() => runBacktraderCompat(data, { ...BACKTRADER_DEFAULTS, lookback: 2 })).toThrow(/A did not move/);
  });

  it('agrees with a straightforward implementation of the specification on random walks', () => {
    const symbols = ['AAA', 'BBB', 'CCC', 'DDD'];
    const normal = normalSource(mulberry32(7));
    const opens: number[][] = [];
    const closes: number[][] = [];
    for (const [s] of symbols.entries()) {
      let price = 50 + 10 * s;
      opens.push([]);
      closes.push([]);
      for (let t = 0; t < 300; t += 1) {
        const open = Math.round(price * Math.exp(0.005 * normal()) * 100) / 100;
        const close = Math.round(open * Math.exp(0.015 * normal()) * 100) / 100;
        opens[s]!.push(open);
        closes[s]!.push(close);
        price = close;
      }
    }
    const result = runBacktraderCompat(panel(symbols, opens, closes));
    const expected = specification(symbols, opens, closes);
    expect(result.orders.map((o) => `${o.time} ${o.symbol} ${o.side} ${o.quantity}`)).toEqual(expected.orders);
    expect(result.fills.map((f) => `${f.time} ${f.symbol} ${f.side} ${f.quantity} ${f.price}`)).toEqual(expected.fills);
    expect(result.orders.length).toBeGreaterThan(20);
    expect(result.finalEquity).toBeCloseTo(expected.finalEquity, 6);
  });
});

/** The comparison mode written from the words, with plain arrays and no shared code. */
function specification(symbols: string[], opens: number[][], closes: number[][]): { orders: string[]; fills: string[]; finalEquity: number } {
  let cash = 1_000_000;
  const position = symbols.map(() => 0);
  const orders: string[] = [];
  const fills: string[] = [];
  let queue: { s: number; side: string; qty: number }[] = [];
  const bars = opens[0]!.length;
  let value = cash;
  for (let t = 0; t < bars; t++) {
    for (const o of queue) {
      const price = opens[o.s]![t]!;
      const sign = o.side === 'BUY' ? 1 : -1;
      cash -= sign * o.qty * price + 0.0005 * o.qty * price;
      position[o.s]! += sign * o.qty;
      fills.push(`${T0 + t * DAY} ${symbols[o.s]} ${o.side} ${o.qty} ${price}`);
    }
    queue = [];
    value = cash + symbols.reduce((sum, _, s) => sum + position[s]! * closes[s]![t]!, 0);
    if (!(t >= 60 && (t - 60) % 21 === 0)) continue;
    const vols = symbols.map((_, s) => {
      const returns = Array.from({ length: 60 }, (_, k) => closes[s]![t - 59 + k]! / closes[s]![t - 60 + k]! - 1);
      const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
      return Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / returns.length);
    });
    const inverseSum = vols.reduce((a, v) => a + 1 / v, 0);
    const wanted = symbols.map((_, s) => {
      const target = ((1 / vols[s]!) / inverseSum) * 0.98 * value;
      const current = position[s]! * closes[s]![t]!;
      return { s, side: target > current ? 'BUY' : 'SELL', qty: Math.trunc(Math.abs(target - current) / closes[s]![t]!) };
    });
    queue = [...wanted.filter((w) => w.side === 'SELL'), ...wanted.filter((w) => w.side === 'BUY')].filter((w) => w.qty > 0);
    for (const o of queue) orders.push(`${T0 + t * DAY} ${symbols[o.s]} ${o.side} ${o.qty}`);
  }
  return { orders, fills, finalEquity: value };
}
