import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FxHedgeConfig } from '../config/schema.js';
import type { Position } from '../domain/account.js';
import type { Quote } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import { FxRates } from '../domain/money.js';
import type { OrderIntent } from '../domain/order.js';
import { isMultipleOf } from '../domain/rounding.js';
import { exposureAfterOrders, planFxHedge, type FxHedgeInput } from './plan-fx-hedge.js';

/*
 * Random accounts in USD with positions and cash in CAD and EUR, any planned stock orders, any
 * rates and hedge ratios, and the pair of each currency in either orientation (USDCAD or
 * CADUSD). The exposure after the FX trade is worked out at the FX order's limit price, the
 * worst price it may fill at.
 */

const CURRENCIES = ['CAD', 'EUR'] as const;
const stockArb = fc.record({
  currency: fc.constantFrom('USD', 'CAD', 'EUR'),
  mid: fc.double({ min: 1, max: 2000, noNaN: true }),
  held: fc.integer({ min: 0, max: 5000 }),
  trade: fc.integer({ min: -5000, max: 5000 }),
});
const currencyArb = fc.record({
  // Value of one unit in USD.
  rate: fc.double({ min: 0.2, max: 2, noNaN: true }),
  baseFirst: fc.boolean(),
  ratio: fc.option(fc.integer({ min: 0, max: 100 }).map((r) => r / 100), { nil: undefined }),
  cash: fc.double({ min: -3e6, max: 3e6, noNaN: true }),
});

const inputArb = fc
  .record({
    stocks: fc.array(stockArb, { minLength: 0, maxLength: 5 }),
    cad: currencyArb,
    eur: currencyArb,
    usdCash: fc.double({ min: 0, max: 5e6, noNaN: true }),
    bandPct: fc.double({ min: 0.5, max: 5, noNaN: true }),
    offsetBps: fc.double({ min: 0, max: 50, noNaN: true }),
  })
  .map(({ stocks, cad, eur, usdCash, bandPct, offsetBps }): FxHedgeInput => {
    const specs = { CAD: cad, EUR: eur };
    const fx = new FxRates('USD', { CAD: cad.rate, EUR: eur.rate });
    const instruments = new Map<string, Instrument>();
    const quotes = new Map<string, Quote>();
    const positions: Position[] = [];
    const orders: OrderIntent[] = [];
    stocks.forEach((s, i) => {
      const symbol = `S${i}`;
      instruments.set(symbol, { symbol, secType: 'STK', currency: s.currency, exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 });
      quotes.set(symbol, { symbol, bid: s.mid * 0.999, ask: s.mid * 1.001, last: s.mid, time: 0 });
      if (s.held > 0) positions.push({ symbol, quantity: s.held, avgCost: s.mid });
      const trade = Math.max(s.trade, -s.held);
      if (trade !== 0) orders.push({ tag: `r-1:${symbol}`, symbol, side: trade > 0 ? 'BUY' : 'SELL', quantity: Math.abs(trade), limitPrice: s.mid * (trade > 0 ? 1.001 : 0.999), referencePrice: s.mid });
    });
    const pairs: Instrument[] = [];
    const ratios: Record<string, number> = {};
    for (const currency of CURRENCIES) {
      const spec = specs[currency];
      const symbol = spec.baseFirst ? `USD${currency}` : `${currency}USD`;
      const price = spec.baseFirst ? 1 / spec.rate : spec.rate;
      pairs.push({ symbol, secType: 'CASH', currency: symbol.slice(3), exchange: 'FX', lotSize: 1, tickSize: 0.00001, multiplier: 1 });
      quotes.set(symbol, { symbol, bid: price * 0.99995, ask: price * 1.00005, last: price, time: 0 });
      if (spec.ratio !== undefined) ratios[currency] = spec.ratio;
    }
    const cash = { USD: usdCash, CAD: cad.cash, EUR: eur.cash };
    let nlv = usdCash + cad.cash * cad.rate + eur.cash * eur.rate;
    for (const p of positions) nlv += p.quantity * p.avgCost * fx.rate(instruments.get(p.symbol)!.currency);
    const policy: FxHedgeConfig = { ratios, bandPct, belowMinimum: 'odd-lot', minimumValue: 25_000 };
    return { runId: 'r-1', account: { accountId: 'DU1', baseCurrency: 'USD', netLiquidation: Math.max(nlv, 1e5), cash, positions }, instruments, pairs, quotes, fx, orders, policy, limitOffsetBps: offsetBps };
  });

/** Units of `currency` the order gains (+) or gives (−) when it fills at its limit. */
function currencyMoved(order: OrderIntent, currency: string): number {
  const first = order.symbol.slice(0, 3);
  const sign = order.side === 'BUY' ? 1 : -1;
  return first === currency ? sign * order.quantity : -sign * order.quantity * order.limitPrice;
}

describe('planFxHedge properties', () => {
  it('moves every currency outside its band into it, never the wrong way, and leaves one inside alone', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planFxHedge(input);
        const band = (input.policy.bandPct / 100) * input.account.netLiquidation;
        for (const before of exposureAfterOrders(input, input.policy.ratios)) {
          const order = plan.orders.find((o) => o.symbol.includes(before.currency));
          const gap = before.target - before.exposure;
          if (Math.abs(gap) <= band) {
            expect(order).toBeUndefined();
            continue;
          }
          expect(order).toBeDefined();
          const change = currencyMoved(order!, before.currency) * input.fx.rate(before.currency);
          // Never the wrong way: the trade moves the exposure toward its target.
          expect(Math.sign(change)).toBe(Math.sign(gap));
          const after = before.exposure + change;
          expect(Math.abs(after - before.target)).toBeLessThanOrEqual(band + 1e-6 * Math.abs(gap));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('shrinks a hedge that is larger than its ratio asks for', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planFxHedge(input);
        const band = (input.policy.bandPct / 100) * input.account.netLiquidation;
        for (const before of exposureAfterOrders(input, input.policy.ratios)) {
          // The hedge is the part of the assets the cash owed offsets: assets − exposure.
          const hedge = before.assets - before.exposure;
          const wanted = before.ratio * before.assets;
          if (!(hedge - wanted > band)) continue;
          const order = plan.orders.find((o) => o.symbol.includes(before.currency))!;
          const hedgeAfter = hedge - currencyMoved(order, before.currency) * input.fx.rate(before.currency);
          expect(hedgeAfter).toBeLessThan(hedge);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('makes one order per pair, in whole lots on the pair\'s tick, tagged with the run', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const plan = planFxHedge(input);
        expect(new Set(plan.orders.map((o) => o.symbol)).size).toBe(plan.orders.length);
        for (const order of plan.orders) {
          expect(Number.isInteger(order.quantity) && order.quantity > 0).toBe(true);
          expect(input.pairs.some((p) => p.symbol === order.symbol)).toBe(true);
          expect(isMultipleOf(order.limitPrice, 0.00001)).toBe(true);
          expect(order.tag).toBe(`r-1:${order.symbol}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
