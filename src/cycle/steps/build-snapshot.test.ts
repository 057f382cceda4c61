import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../domain/instrument.js';
import { FxRates } from '../../domain/money.js';
import { buildSnapshot } from './build-snapshot.js';

const stock = (symbol: string, currency: string): Instrument => ({ symbol, secType: 'STK', currency, exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 });

describe('the snapshot values positions', () => {
  it("at the broker's mark where it brings one, else at the mid quote, else at cost; in the base currency", () => {
    const made = buildSnapshot({
      runId: 'r-1',
      time: Date.parse('2024-01-03T15:00:00Z'),
      account: {
        accountId: 'DU1',
        baseCurrency: 'USD',
        netLiquidation: 10_000,
        cash: { USD: 5_000 },
        positions: [
          { symbol: 'MARKED', quantity: 10, avgCost: 90, marketPrice: 101 },
          { symbol: 'QUOTED', quantity: 10, avgCost: 90 },
          { symbol: 'CAD', quantity: 10, avgCost: 20, marketPrice: 27 },
          { symbol: 'OTHER', quantity: 5, avgCost: 40 },
        ],
      },
      instruments: new Map([['MARKED', stock('MARKED', 'USD')], ['QUOTED', stock('QUOTED', 'USD')], ['CAD', stock('CAD', 'CAD')]]),
      // A quote of the marked position is not used: the broker's mark wins.
      quotes: new Map([['MARKED', { symbol: 'MARKED', bid: 1, ask: 1, last: 1, time: 0 }], ['QUOTED', { symbol: 'QUOTED', bid: 99, ask: 101, last: 100, time: 0 }]]),
      fx: new FxRates('USD', { CAD: 1 / 1.35 }),
      startOfDayNlv: 10_000,
      accountStartNlv: 10_000,
      trades: [],
    });
    expect(made.positions.map((p) => [p.symbol, p.price, p.marketValue])).toEqual([
      ['CAD', 27, 200],
      ['MARKED', 101, 1010],
      ['OTHER', 40, 200],
      ['QUOTED', 100, 1000],
    ]);
    // The fields in the order the journal and the reports have always written them.
    expect(Object.keys(made.positions[0]!)).toEqual(['symbol', 'quantity', 'avgCost', 'price', 'currency', 'marketValue', 'weight']);
  });
});
