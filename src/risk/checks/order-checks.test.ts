import { describe, expect, it } from 'vitest';
import { NOW, order, quoteAt, riskInput } from '../risk-input.fixture.js';
import { marketClosedCheck } from './market-closed.js';
import { maxOrdersCheck } from './max-orders.js';
import { noShortCheck } from './no-short.js';
import { orderShapeCheck } from './order-shape.js';
import { priceBandCheck } from './price-band.js';
import { staleQuoteCheck } from './stale-quote.js';

const base = riskInput();

describe('max orders', () => {
  it('passes up to the cap', () => {
    expect(maxOrdersCheck(riskInput({ limits: { ...base.limits, maxOrders: 1 } }))).toEqual([]);
  });
  it('blocks more orders than the cap', () => {
    expect(maxOrdersCheck(riskInput({ limits: { ...base.limits, maxOrders: 0 } }))[0]!.message).toMatch(/1 orders exceed the cap of 0/);
  });
});

describe('order shape', () => {
  it('passes well-formed orders', () => {
    expect(orderShapeCheck(base)).toEqual([]);
  });
  it('blocks a zero quantity, a zero limit and a tag used twice', () => {
    const reasons = orderShapeCheck(riskInput({ orders: [order('SPY', 'BUY', 0, 400.4, 400), order('SPY', 'SELL', 5, 0, 400)] }));
    expect(reasons.map((r) => r.message)).toEqual([
      expect.stringMatching(/quantity 0/),
      expect.stringMatching(/limit price 0/),
      expect.stringMatching(/tag r-1:SPY is used by another order/),
    ]);
  });
});

describe('price band', () => {
  it('passes a limit 10 bps from the mid with a 50 bps band', () => {
    expect(priceBandCheck(base)).toEqual([]);
  });
  it('blocks a buy limit 75 bps above the mid and a sell limit 60 bps below', () => {
    const reasons = priceBandCheck(riskInput({ orders: [order('SPY', 'BUY', 1, 403, 400), order('XIU', 'SELL', 1, 29.82, 30)] }));
    expect(reasons.map((r) => r.symbol)).toEqual(['SPY', 'XIU']);
    expect(reasons[0]!.message).toMatch(/75\.0 bps/);
  });
  it('judges the limit against the current quote, not the reference the order carries', () => {
    expect(priceBandCheck(riskInput({ orders: [order('SPY', 'BUY', 1, 403, 403)] }))).toHaveLength(1);
  });
});

describe('stale quote', () => {
  it('passes a quote exactly as old as allowed', () => {
    expect(staleQuoteCheck(riskInput({ quotes: new Map([['SPY', quoteAt('SPY', 400, NOW - 30 * 60_000)]]) }))).toEqual([]);
  });
  it('blocks an order on an older quote or without one', () => {
    expect(staleQuoteCheck(riskInput({ quotes: new Map([['SPY', quoteAt('SPY', 400, NOW - 31 * 60_000)]]) }))[0]!.message).toMatch(/31\.0 minutes old/);
    expect(staleQuoteCheck(riskInput({ quotes: new Map() }))[0]!.message).toMatch(/no quote/);
  });
  it('refuses a fresh-looking quote that has only a last price, naming the symbol and the time of that price', () => {
    const reasons = staleQuoteCheck(riskInput({ quotes: new Map([['SPY', { ...quoteAt('SPY', 400, NOW - 60_000), priceOnly: 'last' as const }]]) }));
    expect(reasons[0]!.message).toBe(`SPY: no bid/ask, only a last price from ${new Date(NOW - 60_000).toISOString()}: no quote to trade on`);
  });

  it('refuses a quote without a time', () => {
    expect(staleQuoteCheck(riskInput({ quotes: new Map([['SPY', quoteAt('SPY', 400, Number.NaN)]]) }))[0]!.message).toBe('SPY: the quote has no time, so its age is unknown');
  });

  it('ignores stale quotes of instruments neither ordered nor held', () => {
    expect(staleQuoteCheck(riskInput({ quotes: new Map([quoteAt('SPY', 400), quoteAt('XIU', 30, 0)].map((q) => [q.symbol, q])) }))).toEqual([]);
  });
  it('blocks on a stale quote of a held instrument even when the plan is empty', () => {
    const held = riskInput({ orders: [], quotes: new Map([quoteAt('SPY', 400, NOW - 3 * 3600_000), quoteAt('XIU', 30)].map((q) => [q.symbol, q])) });
    expect(staleQuoteCheck(held).map((r) => r.message)).toEqual([expect.stringMatching(/^SPY: quote is 180\.0 minutes old/)]);
  });
  it('says once that the data ends days before the clock when every quote is old, and what to do', () => {
    const ended = NOW - 382 * 86_400_000 - 12 * 3_600_000;
    const input = riskInput({ orders: [order('SPY', 'BUY', 25, 400.4, 400), order('XIU', 'BUY', 100, 30.03, 30)], quotes: new Map([quoteAt('SPY', 400, ended), quoteAt('XIU', 30, ended - 3_600_000)].map((q) => [q.symbol, q])) });
    expect(staleQuoteCheck(input).map((r) => r.message)).toEqual([
      'all 2 quotes are old: the market data ends 2022-12-16T03:00:00.000Z, 382.5 days before the run\'s clock (2024-01-02T15:00:00.000Z). Bring the data up to date (refresh the files in dataDir, or check the broker\'s data feed); to trade the files as they are, set clock: data',
    ]);
  });
});

describe('market closed', () => {
  it('passes while the market is open', () => {
    expect(marketClosedCheck(base)).toEqual([]);
  });
  it('blocks an order for a closed market or an unknown instrument', () => {
    const reasons = marketClosedCheck(riskInput({ orders: [order('SPY', 'BUY', 1, 400, 400), order('GLD', 'BUY', 1, 180, 180)], isMarketOpen: (i) => i.exchange !== 'XNYS' }));
    expect(reasons.map((r) => r.message)).toEqual([expect.stringMatching(/XNYS is closed/), expect.stringMatching(/GLD is not a configured instrument/)]);
  });
});

describe('no short', () => {
  it('passes a sell down to flat', () => {
    expect(noShortCheck(riskInput({ orders: [order('SPY', 'SELL', 100, 399.6, 400)] }))).toEqual([]);
  });
  it('blocks a sell that would leave a short', () => {
    const reasons = noShortCheck(riskInput({ orders: [order('SPY', 'SELL', 150, 399.6, 400)] }));
    expect(reasons[0]!.message).toMatch(/short position of -50/);
  });
  it('allows the short when the config does', () => {
    expect(noShortCheck(riskInput({ orders: [order('SPY', 'SELL', 150, 399.6, 400)], limits: { ...base.limits, allowShort: true } }))).toEqual([]);
  });
  it('lets a buy cover part of an existing short', () => {
    const account = { ...base.account, positions: [{ symbol: 'SPY', quantity: -50, avgCost: 400 }] };
    expect(noShortCheck(riskInput({ account, orders: [order('SPY', 'BUY', 20, 400.4, 400)] }))).toEqual([]);
  });
});
