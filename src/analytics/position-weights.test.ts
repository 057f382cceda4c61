import { describe, expect, it } from 'vitest';
import { weightSeries, weightsOfHoldings, type WeightsPoint } from './position-weights.js';

describe('position weights', () => {
  it('values each position at its price and rate over the equity of its date', () => {
    const holdings = [{ date: '2024-01-02', positions: [{ symbol: 'SPY', currency: 'USD', quantity: 10, price: 500 }, { symbol: 'XIU', currency: 'CAD', quantity: 100, price: 40 }], rates: { CAD: 0.75 } }];
    expect(weightsOfHoldings(holdings, new Map([['2024-01-02', 10_000]]))).toEqual([{ date: '2024-01-02', weights: { SPY: 0.5, XIU: 0.3 } }]);
  });

  it('carries the last recorded weights to the dates after them, and groups the smallest positions', () => {
    const dates = ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'];
    const points: WeightsPoint[] = [
      { date: '2024-01-02', weights: { A: 0.5, B: 0.3, C: 0.1, D: 0.05 } },
      { date: '2024-01-04', weights: { A: 0.4, B: 0.4, D: 0.1 } },
    ];
    const series = weightSeries(dates, points, 2);
    expect(series.names).toEqual(['A', 'B', '2 others']);
    expect(series.values[0]).toEqual([Number.NaN, 0.5, 0.5, 0.4]);
    expect(series.values[1]).toEqual([Number.NaN, 0.3, 0.3, 0.4]);
    expect(series.values[2]![1]).toBeCloseTo(0.15, 12);
    expect(series.values[2]![3]).toBeCloseTo(0.1, 12);
  });
});
