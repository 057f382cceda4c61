import fc from 'fast-check';
import type { Position } from '../domain/account.js';
import type { Quote } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import { FxRates } from '../domain/money.js';
import type { PlanInput } from './plan-types.js';

/*
 * Random planner inputs for the property tests (used by tests only): any NLV, prices, ticks,
 * lots, multipliers, weights, leverage, positions (odd lots included), cash per currency,
 * a USD/CAD rate, planning parameters within the config's bounds, and instruments whose
 * market is closed.
 */

export const NOW = Date.UTC(2024, 0, 2, 15, 0);

const instrumentArb = fc.record({
  currency: fc.constantFrom('USD', 'CAD'),
  tickSize: fc.constantFrom(0.0001, 0.001, 0.005, 0.01, 0.05, 0.25, 1),
  lotSize: fc.constantFrom(0.001, 1, 10, 100),
  multiplier: fc.constantFrom(1, 10, 100),
  mid: fc.double({ min: 0.05, max: 5000, noNaN: true }),
  spreadFraction: fc.double({ min: 0, max: 0.01, noNaN: true }),
  // fc.double favours tiny magnitudes; weights of a real forecast are spread evenly.
  weight: fc.oneof(fc.constant(0), fc.integer({ min: -1000, max: 1000 }).map((w) => w / 1000)),
  inForecast: fc.boolean(),
  lots: fc.integer({ min: -2000, max: 2000 }),
  oddFraction: fc.constantFrom(0, 0, 0, 0.5),
  // One instrument in four trades on a market that is closed at run time.
  marketClosed: fc.constantFrom(false, false, false, true),
});

export const planInputArb: fc.Arbitrary<PlanInput> = fc
  .record({
    nlv: fc.double({ min: 1_000, max: 1e8, noNaN: true }),
    leverage: fc.integer({ min: 0, max: 300 }).map((l) => l / 100),
    cadRate: fc.double({ min: 0.5, max: 1, noNaN: true }),
    usdCashShare: fc.integer({ min: -100, max: 150 }).map((c) => c / 100),
    cadCashShare: fc.integer({ min: -100, max: 150 }).map((c) => c / 100),
    specs: fc.array(instrumentArb, { minLength: 1, maxLength: 6 }),
    params: fc.record({
      limitOffsetBps: fc.double({ min: 0, max: 500, noNaN: true }),
      noTradeBandPct: fc.double({ min: 0, max: 5, noNaN: true }),
      minOrderValue: fc.double({ min: 0, max: 10_000, noNaN: true }),
      cashBufferPct: fc.double({ min: 0, max: 10, noNaN: true }),
      fitBuysToCash: fc.constant(true),
      sizing: fc.constantFrom('target-quantity' as const, 'value-difference' as const),
    }),
  })
  .map(({ nlv, leverage, cadRate, usdCashShare, cadCashShare, specs, params }) => {
    const instruments: Instrument[] = [];
    const quotes = new Map<string, Quote>();
    const positions: Position[] = [];
    const weights = new Map<string, number>();
    const closed = new Map<string, string>();
    specs.forEach((spec, index) => {
      const symbol = `S${index}`;
      instruments.push({ symbol, secType: 'STK', currency: spec.currency, exchange: 'XNYS', lotSize: spec.lotSize, tickSize: spec.tickSize, multiplier: spec.multiplier });
      const half = spec.mid * spec.spreadFraction;
      quotes.set(symbol, { symbol, bid: spec.mid - half, ask: spec.mid + half, last: spec.mid, time: NOW });
      if (spec.inForecast) weights.set(symbol, spec.weight);
      if (spec.marketClosed) closed.set(symbol, 'market XTSE is closed');
      // Positions are sized so that their value stays within a few NLVs, like a real account.
      const unitValue = spec.mid * spec.multiplier * (spec.currency === 'CAD' ? cadRate : 1);
      const maxUnits = (2 * nlv) / unitValue;
      const quantity = Math.trunc(Math.min(Math.abs(spec.lots), maxUnits / spec.lotSize)) * Math.sign(spec.lots) * spec.lotSize;
      const held = quantity === 0 ? 0 : quantity + spec.oddFraction * spec.lotSize * Math.sign(quantity);
      if (held !== 0) positions.push({ symbol, quantity: held, avgCost: spec.mid });
    });
    return {
      runId: 'r-prop-1',
      forecast: { asOf: NOW, source: 'property', leverage, weights },
      account: {
        accountId: 'DU1',
        baseCurrency: 'USD',
        netLiquidation: nlv,
        cash: { USD: usdCashShare * nlv, CAD: (cadCashShare * nlv) / cadRate },
        positions,
      },
      instruments,
      quotes,
      fx: new FxRates('USD', { CAD: cadRate }),
      params,
      held: closed,
    };
  });
