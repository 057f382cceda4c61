import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Quote } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import { isMultipleOf } from '../domain/rounding.js';
import type { Fill } from '../domain/order.js';
import type { SpreadTarget } from '../domain/spread.js';
import { withSpreadFill, type SpreadLegs } from '../domain/spread-legs.js';
import type { OptionChain } from '../domain/option-chain.js';
import { chooseLegs } from './choose-legs.js';
import { heldSpread } from './held-spreads.js';
import { modelDelta } from './leg-delta.js';
import { netLimit, planSpreads } from './plan-spreads.js';

const SPY: Instrument = { symbol: 'SPY', secType: 'STK', currency: 'USD', exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 };
const NOW = Date.parse('2025-11-14T20:30:00Z');
const CHAIN: OptionChain = { underlying: 'SPY', expiries: ['2025-11-21', '2025-12-05', '2025-12-12', '2025-12-19'], strikes: [740, 750, 760, 770, 780], multiplier: 100 };
const STRADDLE: SpreadTarget = { name: 'spy-straddle', kind: 'straddle', underlying: 'SPY', expiry: { minDays: 25 }, strike: 'atm', quantity: 2 };

function quote(symbol: string, bid: number, ask: number): Quote {
  return { symbol, bid, ask, last: (bid + ask) / 2, time: NOW };
}

describe('choosing the legs of a spread from the chain', () => {
  it('a straddle: a call and a put at the strike nearest the price, on the nearest expiry at least minDays away', () => {
    const combo = chooseLegs(STRADDLE, CHAIN, SPY, 763.48, NOW);
    expect(combo.legs.map((l) => [l.instrument.symbol, l.ratio, l.action])).toEqual([
      ['SPY-20251212-C-760', 1, 'BUY'],
      ['SPY-20251212-P-760', 1, 'BUY'],
    ]);
    expect(combo).toMatchObject({ symbol: 'spy-straddle', secType: 'BAG', multiplier: 100, tickSize: 0.01, currency: 'USD' });
  });

  it('a strangle: the put and the call `width` steps either side of the centre, on a listed date', () => {
    const combo = chooseLegs({ ...STRADDLE, kind: 'strangle', width: 2, expiry: { date: '2025-12-05' } }, CHAIN, SPY, 761, NOW);
    expect(combo.legs.map((l) => l.instrument.symbol)).toEqual(['SPY-20251205-C-780', 'SPY-20251205-P-740']);
  });

  it('a strangle by delta: the call and the put whose |delta| is nearest the width\'s, strike steps as listed', () => {
    const wide: OptionChain = { ...CHAIN, strikes: Array.from({ length: 61 }, (_, i) => 600 + 5 * i) };
    const deltaOf = (right: 'C' | 'P', strike: number, expiry: string) => modelDelta({ right, strike, expiry, exchange: SPY.exchange }, 760, NOW, 0.2, { riskFreeRate: 0 });
    const combo = chooseLegs({ ...STRADDLE, kind: 'strangle', width: { delta: 0.25 } }, wide, SPY, 760, NOW, deltaOf);
    // 28 days at 20 % volatility: the 0.25-delta call lies near 790, the −0.25-delta put near 733.
    expect(combo.legs.map((l) => [l.instrument.symbol, l.action])).toEqual([['SPY-20251212-C-790', 'BUY'], ['SPY-20251212-P-735', 'BUY']]);
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), (delta) => {
        const legs = chooseLegs({ ...STRADDLE, kind: 'strangle', width: { delta } }, wide, SPY, 760, NOW, deltaOf).legs;
        for (const { instrument } of legs) {
          const off = (strike: number) => Math.abs(Math.abs(deltaOf(instrument.right, strike, instrument.expiry)) - delta);
          expect(wide.strikes.every((strike) => off(strike) >= off(instrument.strike))).toBe(true);
        }
      }),
    );
    expect(() => chooseLegs({ ...STRADDLE, kind: 'strangle', width: { delta: 0.25 } }, wide, SPY, 760, NOW)).toThrow(/needs an option model/);
  });

  it('verticals: the bought strike and the sold one `width` steps above (calls) or below (puts), or the given strikes', () => {
    const calls = chooseLegs({ ...STRADDLE, kind: 'call-vertical', width: 1 }, CHAIN, SPY, 751, NOW);
    expect(calls.legs.map((l) => [l.instrument.symbol, l.action])).toEqual([['SPY-20251212-C-750', 'BUY'], ['SPY-20251212-C-760', 'SELL']]);
    const puts = chooseLegs({ ...STRADDLE, kind: 'put-vertical', strikes: [771, 748] }, CHAIN, SPY, 751, NOW);
    expect(puts.legs.map((l) => [l.instrument.symbol, l.action])).toEqual([['SPY-20251212-P-770', 'BUY'], ['SPY-20251212-P-750', 'SELL']]);
  });

  it('refuses what the chain cannot give: an unlisted date, a strike beyond the chain, an expiry too far', () => {
    expect(() => chooseLegs({ ...STRADDLE, expiry: { date: '2025-12-26' } }, CHAIN, SPY, 760, NOW)).toThrow(/do not expire on 2025-12-26/);
    expect(() => chooseLegs({ ...STRADDLE, kind: 'strangle', width: 3 }, CHAIN, SPY, 760, NOW)).toThrow(/no listed strike 3 steps above/);
    expect(() => chooseLegs({ ...STRADDLE, expiry: { minDays: 60 } }, CHAIN, SPY, 760, NOW)).toThrow(/no SPY expiry is 60 days away/);
  });
});

describe('planning spreads', () => {
  const combo = chooseLegs(STRADDLE, CHAIN, SPY, 763.48, NOW);
  const quotes = new Map([quote('SPY-20251212-C-760', 18.1, 18.3), quote('SPY-20251212-P-760', 15.5, 15.7)].map((q) => [q.symbol, q]));

  it('one combination order for the difference, at the net far touch with offsetShare 1, tagged with the run', () => {
    const plan = planSpreads('r-1', [{ target: STRADDLE, combo, held: 0 }], (s) => quotes.get(s), 1);
    expect(plan.orders).toEqual([{ tag: 'r-1:spy-straddle', symbol: 'spy-straddle', side: 'BUY', quantity: 2, limitPrice: 34, referencePrice: 33.8 }]);
    expect(plan.lines[0]!.reason).toBe('spread BUY 1 SPY-20251212-C-760 + BUY 1 SPY-20251212-P-760');
  });

  it('sells to close what the forecast no longer wants, at the net bid; holds what it still wants', () => {
    const close = planSpreads('r-2', [{ target: { ...STRADDLE, quantity: 0 }, combo, held: 2 }], (s) => quotes.get(s), 1);
    expect(close.orders).toEqual([{ tag: 'r-2:spy-straddle', symbol: 'spy-straddle', side: 'SELL', quantity: 2, limitPrice: 33.6, referencePrice: 33.8 }]);
    const hold = planSpreads('r-3', [{ target: STRADDLE, combo, held: 2 }], (s) => quotes.get(s), 1);
    expect(hold.orders).toEqual([]);
    expect(hold.lines[0]).toMatchObject({ action: 'NONE', currentQuantity: 2, targetQuantity: 2, referencePrice: 33.8 });
  });

  it('refuses to price a combination with a leg unquoted', () => {
    expect(() => planSpreads('r-4', [{ target: STRADDLE, combo, held: 0 }], (s) => (s.includes('-C-') ? quotes.get(s) : undefined), 1)).toThrow(/no quote for every leg/);
  });

  it('rounds a net limit to the tick never past its cap, and never below one tick', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 500, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL'), (bid, width, share, side) => {
        const q = quote('x', bid, bid + width);
        const mid = (q.bid + q.ask) / 2;
        const cap = side === 'BUY' ? mid + share * (q.ask - mid) : mid - share * (mid - q.bid);
        const limit = netLimit(q, side, share, 0.01);
        expect(isMultipleOf(limit, 0.01)).toBe(true);
        expect(limit).toBeGreaterThanOrEqual(0.01);
        if (side === 'BUY') expect(limit === 0.01 || limit <= cap + 1e-9).toBe(true);
        else expect(limit).toBeGreaterThanOrEqual(Math.min(cap, Number.POSITIVE_INFINITY) - 1e-9);
      }),
    );
  });
});

describe('the spread held', () => {
  const fill = (symbol: string, runId: string, time: number): Fill => ({ execId: `${runId}-${symbol}`, brokerOrderId: '1', tag: `${runId}:spy-straddle`, symbol, side: 'BUY', quantity: 2, price: 10, commission: 1, currency: 'USD', time });
  // The legs as the journal keeps them from these fills, recorded in this order.
  const legsOf = (fills: readonly Fill[]): SpreadLegs | undefined => fills.reduce<SpreadLegs | undefined>((known, f) => withSpreadFill(known, f) ?? known, undefined);

  it('is told by the legs its last combination order traded, and counts whole spreads the positions hold', () => {
    const fills = [fill('SPY-20251121-C-700', 'r-a', 1), fill('SPY-20251121-P-700', 'r-a', 1), fill('SPY-20251212-C-760', 'r-b', 2), fill('SPY-20251212-P-760', 'r-b', 2)];
    const held = heldSpread(STRADDLE, legsOf(fills), [{ symbol: 'SPY-20251212-C-760', quantity: 3, avgCost: 18 }, { symbol: 'SPY-20251212-P-760', quantity: 2, avgCost: 15 }], SPY)!;
    expect(held.combo.legs.map((l) => l.instrument.symbol)).toEqual(['SPY-20251212-C-760', 'SPY-20251212-P-760']);
    expect(held.quantity).toBe(2);
    expect(held.unmatched).toEqual([{ symbol: 'SPY-20251212-C-760', quantity: 1 }]);
  });

  it('is none once its legs expired and left the positions', () => {
    const fills = [fill('SPY-20251121-C-700', 'r-a', 1), fill('SPY-20251121-P-700', 'r-a', 1)];
    expect(heldSpread(STRADDLE, legsOf(fills), [], SPY)!.quantity).toBe(0);
    expect(heldSpread(STRADDLE, legsOf([]), [], SPY)).toBeUndefined();
  });
});
