import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillValueBase, observedFills, type FillObservation } from './fill-observation.js';
import { fillTotals } from './fill-totals.js';
import { slippageBps, valueWeightedBps } from './slippage.js';

const price = fc.option(fc.oneof(fc.double({ min: -10, max: 1_000, noNaN: true }), fc.constant(Number.NaN), fc.constant(0)), { nil: undefined });
const fill: fc.Arbitrary<FillObservation> = fc.record(
  {
    time: fc.integer({ min: 0, max: 2 ** 42 }),
    symbol: fc.constantFrom('A', 'B'),
    side: fc.constantFrom('BUY' as const, 'SELL' as const),
    quantity: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    price: fc.double({ min: 0, max: 1e4, noNaN: true }),
    commission: fc.double({ min: 0, max: 100, noNaN: true }),
    currency: fc.constantFrom('USD', 'CAD', 'EUR'),
    fxRate: fc.option(fc.oneof(fc.double({ min: 0, max: 2, noNaN: true }), fc.constant(Number.NaN)), { nil: undefined }),
    multiplier: fc.option(fc.constantFrom(1, 100), { nil: undefined }),
    referencePrice: price,
    sentPrice: price,
  },
  { requiredKeys: ['time', 'symbol', 'side', 'quantity', 'price', 'commission', 'currency'] },
);

describe('fillTotals', () => {
  it('is, for any fills, each sum taken on its own over the fills in their order', () => {
    fc.assert(
      fc.property(fc.array(fill, { maxLength: 40 }), (fills) => {
        const totals = fillTotals(fills);
        expect(totals.traded).toBe(fills.reduce((sum, f) => sum + fillValueBase(f), 0));
        expect(totals.commissions).toBe(fills.reduce((sum, f) => sum + f.commission * (f.fxRate ?? 1), 0));
        const currencies = [...new Set(fills.map((f) => f.currency))].sort();
        expect(Object.keys(totals.commissionsByCurrency)).toEqual(currencies);
        for (const currency of currencies) {
          expect(totals.commissionsByCurrency[currency]).toBe(fills.filter((f) => f.currency === currency).reduce((sum, f) => sum + f.commission, 0));
        }
        const mean = (against: 'referencePrice' | 'sentPrice'): number => valueWeightedBps(fills.map((f) => ({ valueBase: fillValueBase(f), bps: slippageBps(f, f[against]) }))) ?? Number.NaN;
        expect(totals.slippageBps).toBe(mean('referencePrice'));
        expect(totals.slippageVsSentBps).toBe(mean('sentPrice'));
      }),
    );
  });

  it('gives the same totals for fills whose reference prices and FX rates are given beside them', () => {
    fc.assert(
      fc.property(fc.array(fill, { maxLength: 40 }), (fills) => {
        // What a backtest hands over: the fills without the two fields, and the two beside them.
        const bare = fills.map(({ referencePrice: _reference, fxRate: _rate, ...rest }) => rest);
        const totals = fillTotals(bare, fills.map((f) => f.referencePrice), fills.map((f) => f.fxRate));
        expect(totals).toEqual(fillTotals(fills));
        expect(observedFills({ fills: bare, fillReferencePrices: fills.map((f) => f.referencePrice), fillFxRates: fills.map((f) => f.fxRate) })).toEqual(fills.map((f) => ({ ...f, referencePrice: f.referencePrice, fxRate: f.fxRate })));
      }),
    );
  });

  it('has nothing to sum without fills', () => {
    expect(fillTotals([])).toEqual({ traded: 0, commissions: 0, commissionsByCurrency: {}, slippageBps: Number.NaN, slippageVsSentBps: Number.NaN });
  });
});
