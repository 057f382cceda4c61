import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Position } from '../domain/account.js';
import { midPrice, type Quote } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import { FxRates } from '../domain/money.js';
import type { OrderIntent } from '../domain/order.js';
import { postTradePositions } from '../planning/post-trade.js';
import { NOW, riskInput } from './risk-input.fixture.js';
import type { RiskInput } from './risk-types.js';
import { gateFacts, orderValueInBase, positionOrderCount, postTradeValues } from './valuation.js';

/*
 * The gate works out the facts of each order and symbol once, in one pass over the orders and
 * positions; here they are worked out again the plain way (a look-up per question, as each check
 * once made its own) for any mix of symbols: repeated, unknown, FX pairs, flat or unquoted.
 */

const SYMBOLS = ['A', 'B', 'C', 'USDCAD', 'X'] as const;

const instrument = (symbol: string, secType: 'STK' | 'CASH', currency: string, multiplier = 1): Instrument => ({ symbol, secType, currency, exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier });

const inputArb: fc.Arbitrary<RiskInput> = fc
  .record({
    // C listed twice: the last one counts, as the instrument index keeps it.
    cMultiplier: fc.constantFrom(1, 100),
    positions: fc.array(fc.record({ symbol: fc.constantFrom(...SYMBOLS), quantity: fc.constantFrom(0, 0, 1, -2, 3.5, 100) }), { maxLength: 8 }),
    orders: fc.array(
      fc.record({
        symbol: fc.constantFrom(...SYMBOLS),
        side: fc.constantFrom('BUY' as const, 'SELL' as const),
        quantity: fc.constantFrom(1, 2.5, 100, 0),
        limitPrice: fc.constantFrom(10, 0, 1.3, Number.NaN),
        referencePrice: fc.constantFrom(10.1, 1.31),
      }),
      { maxLength: 8 },
    ),
    quoted: fc.subarray([...SYMBOLS]),
    mid: fc.constantFrom(10, 0, 1.3),
    fx: fc.constantFrom('none', 'usd-only', 'usd-cad'),
  })
  .map(({ cMultiplier, positions, orders, quoted, mid, fx }) => {
    const instruments = [instrument('A', 'STK', 'USD'), instrument('B', 'STK', 'CAD'), instrument('C', 'STK', 'USD'), instrument('C', 'STK', 'USD', cMultiplier), instrument('USDCAD', 'CASH', 'CAD')];
    const quotes = new Map<string, Quote>(quoted.map((symbol) => [symbol, { symbol, bid: mid, ask: mid, last: mid, time: NOW }]));
    const rates = fx === 'none' ? undefined : new FxRates('USD', fx === 'usd-cad' ? { CAD: 0.8 } : {});
    return riskInput({
      orders: orders.map((o, i): OrderIntent => ({ ...o, tag: `r-1:${o.symbol}:${i}` })),
      account: { accountId: 'DU1', baseCurrency: 'USD', netLiquidation: 100_000, cash: { USD: 1000 }, positions: positions.map((p): Position => ({ ...p, avgCost: 1 })) },
      instruments,
      quotes,
      ...(rates ? { fx: rates } : { fx: undefined }),
    });
  });

// The value the checks once worked out, with a look-up per question, as { value } or { problem }.
function plainValue(input: RiskInput, symbol: string, quantity: number, price?: number): number | string {
  const instrument = [...input.instruments].reverse().find((i) => i.symbol === symbol);
  if (!instrument) return `${symbol} is not a configured instrument, so its value is unknown`;
  let unitPrice = price;
  if (unitPrice === undefined) {
    const quote = input.quotes.get(symbol);
    if (!quote) return `no quote for ${symbol}, so its value is unknown`;
    unitPrice = midPrice(quote);
  }
  if (!(unitPrice > 0) || !Number.isFinite(unitPrice)) return `price of ${symbol} (${unitPrice}) is not a positive number`;
  const { fx } = input;
  if (!fx || (instrument.currency !== fx.base && !fx.has(instrument.currency))) return `no FX rate from ${instrument.currency} to the base currency to value ${symbol}`;
  return fx.toBase(quantity * unitPrice * instrument.multiplier, instrument.currency);
}

describe('gate facts', () => {
  it('are what a look-up per order and per symbol finds', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const facts = gateFacts(input);
        const find = (symbol: string) => [...input.instruments].reverse().find((i) => i.symbol === symbol);
        const fx = input.orders.filter((o) => find(o.symbol)?.secType === 'CASH');
        const positionOrders = input.orders.filter((o) => find(o.symbol)?.secType !== 'CASH');

        expect(facts.ofOrder).toHaveLength(input.orders.length);
        input.orders.forEach((order, i) => {
          expect(facts.ofOrder[i]!.symbol).toBe(order.symbol);
          expect(facts.ofOrder[i]!.instrument).toBe(find(order.symbol));
          expect(facts.ofOrder[i]!.quote).toBe(input.quotes.get(order.symbol));
          expect(orderValueInBase(input, order, facts.ofOrder[i]!)).toEqual(plainValue(input, order.symbol, order.quantity, Math.max(order.limitPrice, order.referencePrice)));
        });
        expect(facts.fxCount).toBe(fx.length);
        expect(positionOrderCount(input)).toBe(positionOrders.length);

        const after = postTradePositions(input.account, positionOrders);
        expect(facts.afterPlan.map((f) => [f.symbol, f.quantity])).toEqual([...after]);
        expect(postTradeValues(input).map((f) => [f.symbol, f.valued])).toEqual([...after].map(([symbol, quantity]) => [symbol, quantity === 0 ? 0 : plainValue(input, symbol, quantity)]));

        const quoted = new Set(input.orders.map((o) => o.symbol));
        for (const p of input.account.positions) if (p.quantity !== 0 && find(p.symbol)) quoted.add(p.symbol);
        expect(facts.quoted.map((f) => f.symbol)).toEqual([...quoted]);
        for (const f of facts.quoted) expect(f.quote).toBe(input.quotes.get(f.symbol));
      }),
      { numRuns: 1000 },
    );
  });
});
