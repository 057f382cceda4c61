import { describe, expect, it } from 'vitest';
import type { PlanningConfig } from '../config/schema.js';
import type { AccountSnapshot, Position } from '../domain/account.js';
import type { Quote } from '../domain/bar.js';
import { fxRatesFromPairs } from '../domain/fx-pair.js';
import type { Instrument } from '../domain/instrument.js';
import { planOrders } from './plan-orders.js';
import { planRows } from './plan-rows.js';
import { PlanningError, type PlanInput, type PlanLine } from './plan-types.js';
import { postTradePositions } from './post-trade.js';

// USDCAD 1.25: one CAD is worth 0.8 USD.
const fx = fxRatesFromPairs('USD', [{ pair: 'USDCAD', price: 1.25 }], ['CAD']);
const stock = (symbol: string, currency = 'USD', lotSize = 1): Instrument => ({
  symbol,
  secType: 'STK',
  currency,
  exchange: currency === 'CAD' ? 'XTSE' : 'XNYS',
  lotSize,
  tickSize: 0.01,
  multiplier: 1,
});
const SPY = stock('SPY');
const QQQ = stock('QQQ');
const XIU = stock('XIU', 'CAD');
const quote = (symbol: string, mid: number, spread = 0.1): Quote => ({ symbol, bid: mid - spread, ask: mid + spread, last: mid, time: 0 });
const quotes = new Map([quote('SPY', 400, 0.1), quote('QQQ', 200, 0.05), quote('XIU', 30, 0.05)].map((q) => [q.symbol, q]));
const params: PlanningConfig = { limitOffsetBps: 10, noTradeBandPct: 0.5, minOrderValue: 100, cashBufferPct: 0.5, fitBuysToCash: true, sizing: 'target-quantity' };
const account = (cash: Record<string, number>, positions: Position[], nlv = 100_000): AccountSnapshot => ({
  accountId: 'DU1',
  baseCurrency: 'USD',
  netLiquidation: nlv,
  cash,
  positions,
});
const hold = (symbol: string, quantity: number): Position => ({ symbol, quantity, avgCost: 1 });

function input(over: Partial<PlanInput> & { weights?: Record<string, number>; leverage?: number }): PlanInput {
  return {
    runId: 'r-20240102-1',
    forecast: { asOf: 0, source: 'test', leverage: over.leverage ?? 1, weights: new Map(Object.entries(over.weights ?? {})) },
    account: over.account ?? account({ USD: 100_000 }, []),
    instruments: over.instruments ?? [SPY, QQQ, XIU],
    quotes: over.quotes ?? quotes,
    fx,
    params: over.params ?? params,
    ...(over.held ? { held: over.held } : {}),
  };
}
const line = (lines: readonly PlanLine[], symbol: string): PlanLine => {
  const found = lines.find((l) => l.symbol === symbol);
  if (!found) throw new Error(`no line for ${symbol}`);
  return found;
};

describe('planOrders', () => {
  it('sizes a USD and a CAD instrument from NLV, leverage, weight and USDCAD', () => {
    // NLV 100 000 = 100 SPY × 400 + 60 000 cash.
    const plan = planOrders(input({ weights: { SPY: 0.5, XIU: 0.3 }, account: account({ USD: 60_000 }, [hold('SPY', 100)]) }));
    // SPY: 50 000 / 400 = 125 shares; hold 100, buy 25 at 400 × 1.001 = 400.40.
    expect(line(plan.lines, 'SPY')).toMatchObject({ action: 'BUY', quantity: 25, targetQuantity: 125, currentQuantity: 100, limitPrice: 400.4, referencePrice: 400 });
    // XIU: 30 000 USD = 37 500 CAD / 30 = 1250 shares at 30 × 1.001 = 30.03.
    expect(line(plan.lines, 'XIU')).toMatchObject({ action: 'BUY', quantity: 1250, targetQuantity: 1250, limitPrice: 30.03, targetWeight: 0.3 });
    expect(plan.orders.map((o) => o.tag)).toEqual(['r-20240102-1:SPY', 'r-20240102-1:XIU']);
    expect(plan.notes).toEqual([]);
  });

  it('with value-difference sizing, trades the missing value in whole shares toward zero, as backtrader does', () => {
    // NLV 100 000 = 15 SPY × 400 + 94 000 cash; the target is 5 000 of SPY, 12.5 shares' worth.
    const held = account({ USD: 94_000 }, [hold('SPY', 15)]);
    const byTarget = planOrders(input({ weights: { SPY: 0.05 }, account: held }));
    // target-quantity: the target rounds to 12 shares, so 3 are sold.
    expect(line(byTarget.lines, 'SPY')).toMatchObject({ action: 'SELL', quantity: 3, targetQuantity: 12 });
    // value-difference: 1 000 too much is 2.5 shares, so 2 are sold and 13 remain.
    const byValue = planOrders(input({ weights: { SPY: 0.05 }, account: held, params: { ...params, sizing: 'value-difference' } }));
    expect(line(byValue.lines, 'SPY')).toMatchObject({ action: 'SELL', quantity: 2, targetQuantity: 13 });
  });

  it('rounds target quantities to whole lots toward zero, long and short', () => {
    const xiu100 = stock('XIU', 'CAD', 100);
    const long = planOrders(input({ weights: { XIU: 0.3 }, instruments: [xiu100] }));
    expect(line(long.lines, 'XIU')).toMatchObject({ targetQuantity: 1200, quantity: 1200, action: 'BUY' });
    const short = planOrders(input({ weights: { XIU: -0.3 }, instruments: [xiu100] }));
    expect(line(short.lines, 'XIU')).toMatchObject({ targetQuantity: -1200, quantity: 1200, action: 'SELL', limitPrice: 29.97 });
  });

  it('sells a position the forecast does not mention down to zero', () => {
    const plan = planOrders(input({ weights: { QQQ: 0 }, account: account({ USD: 60_000 }, [hold('SPY', 100)]) }));
    // 400 × (1 − 0.001) = 399.60, rounded up to the tick.
    expect(line(plan.lines, 'SPY')).toMatchObject({ action: 'SELL', quantity: 100, targetQuantity: 0, targetWeight: 0, limitPrice: 399.6 });
    expect(line(plan.lines, 'QQQ')).toMatchObject({ action: 'NONE', reason: 'no target and no position' });
  });

  it('skips a trade inside the no-trade band and says so', () => {
    // 0.404 × 100 000 / 400 = 101 shares; buying 1 share (400) is below 0.5% of NLV (500).
    const plan = planOrders(input({ weights: { SPY: 0.404 }, account: account({ USD: 60_000 }, [hold('SPY', 100)]) }));
    expect(line(plan.lines, 'SPY')).toMatchObject({ action: 'NONE', quantity: 0, targetQuantity: 101 });
    expect(line(plan.lines, 'SPY').reason).toMatch(/no-trade band/);
    expect(plan.orders).toEqual([]);
  });

  it('skips a trade below the minimum order value and says so', () => {
    // Band 0.1% = 100; two shares are worth 800, above the band but below the 1000 minimum.
    const plan = planOrders(
      input({ weights: { SPY: 0.408 }, account: account({ USD: 60_000 }, [hold('SPY', 100)]), params: { ...params, noTradeBandPct: 0.1, minOrderValue: 1000 } }),
    );
    expect(line(plan.lines, 'SPY')).toMatchObject({ action: 'NONE', targetQuantity: 102 });
    expect(line(plan.lines, 'SPY').reason).toMatch(/minimum order value/);
  });

  it('rounds buy limits down and sell limits up to the tick', () => {
    const odd = new Map([quote('SPY', 100.155, 0.005)].map((q) => [q.symbol, q]));
    const noOffset = { ...params, limitOffsetBps: 0 };
    const buy = planOrders(input({ weights: { SPY: 0.5 }, quotes: odd, params: noOffset }));
    expect(buy.orders[0]).toMatchObject({ side: 'BUY', limitPrice: 100.15, referencePrice: 100.155 });
    const sell = planOrders(input({ weights: { SPY: 0 }, quotes: odd, params: noOffset, account: account({ USD: 0 }, [hold('SPY', 500)], 50_077.5) }));
    expect(sell.orders[0]).toMatchObject({ side: 'SELL', limitPrice: 100.16, quantity: 500 });
  });

  it('scales every buy by one factor when cash is short, and lists sells first', () => {
    // NLV 100 000 = 250 SPY × 400, no cash. Sell 150 SPY at 399.60 → 59 940.
    // Buys at their limits: 1250 XIU × 30.03 CAD × 0.8 = 30 030 and 150 QQQ × 200.20 = 30 030.
    // Buying power = 0 + 59 940 − 0.5% × 100 000 = 59 440; factor = 59 440 / 60 060 = 0.98968.
    const plan = planOrders(input({ weights: { SPY: 0.4, XIU: 0.3, QQQ: 0.3 }, account: account({ USD: 0 }, [hold('SPY', 250)]) }));
    expect(plan.orders.map((o) => `${o.side} ${o.quantity} ${o.symbol}`)).toEqual(['SELL 150 SPY', 'BUY 148 QQQ', 'BUY 1237 XIU']);
    expect(line(plan.lines, 'XIU').reason).toMatch(/scaled from 1250 to 1237/);
    expect(plan.notes.join('\n')).toMatch(/buying power is 59440\.00/);
    const spent = 148 * 200.2 + 1237 * 30.03 * 0.8;
    expect(spent).toBeLessThanOrEqual(59_440);
  });

  it('sizes each buy alone when buys are not fitted to the cash, as backtrader does', () => {
    // The same plan as above: the buys stay at 150 QQQ and 1250 XIU, 60 060 against 59 440.
    const plan = planOrders(input({ weights: { SPY: 0.4, XIU: 0.3, QQQ: 0.3 }, account: account({ USD: 0 }, [hold('SPY', 250)]), params: { ...params, fitBuysToCash: false } }));
    expect(plan.orders.map((o) => `${o.side} ${o.quantity} ${o.symbol}`)).toEqual(['SELL 150 SPY', 'BUY 150 QQQ', 'BUY 1250 XIU']);
    expect(plan.notes).toEqual([]);
  });

  it('counts the borrowing that a leverage above 1 implies', () => {
    // Target 1.5 × 100 000 = 150 000 → 375 SPY at 400.40 = 150 150; power 100 000 − 500 + 50 000 = 149 500.
    const plan = planOrders(input({ weights: { SPY: 1 }, leverage: 1.5 }));
    expect(plan.orders).toMatchObject([{ side: 'BUY', quantity: 373, symbol: 'SPY' }]);
  });

  it('turns a buy scaled to nothing into NONE, and leaves an unknown position alone', () => {
    const plan = planOrders(input({ weights: { SPY: 0.5 }, account: account({ USD: 0 }, [hold('GLD', 500)]) }));
    expect(plan.orders).toEqual([]);
    expect(line(plan.lines, 'SPY')).toMatchObject({ action: 'NONE', quantity: 0 });
    expect(line(plan.lines, 'SPY').reason).toMatch(/not enough buying power/);
    expect(plan.lines.some((l) => l.symbol === 'GLD')).toBe(false);
    expect(plan.notes.join('\n')).toMatch(/GLD left alone/);
  });

  it('holds back the sell of a closed market and fits the buys that counted on it to the cash there is', () => {
    // NLV 100 000 = 2000 XIU × 30 CAD × 0.8 (48 000 USD) + 52 000 USD cash; the forecast moves it all into SPY.
    const holding = account({ USD: 52_000 }, [hold('XIU', 2000)]);
    const free = planOrders(input({ weights: { SPY: 1 }, account: holding }));
    expect(line(free.lines, 'XIU')).toMatchObject({ action: 'SELL', quantity: 2000 });
    const plan = planOrders(input({ weights: { SPY: 1 }, account: holding, held: new Map([['XIU', 'market XTSE is closed']]) }));
    expect(line(plan.lines, 'XIU')).toMatchObject({ action: 'NONE', quantity: 0, reason: 'held: SELL 2000 @ 29.97 not sent, market XTSE is closed' });
    expect(plan.orders.map((o) => o.symbol)).toEqual(['SPY']);
    // Without the sell's proceeds only the cash less the 0.5 % buffer (51 500) is there to spend: 128 SPY at 400.40.
    expect(line(plan.lines, 'SPY')).toMatchObject({ action: 'BUY', quantity: 128, limitPrice: 400.4 });
    // So gross leverage after the run stays within the forecast's 1: (128 × 400 + 48 000) / 100 000.
    expect((128 * 400 + 48_000) / 100_000).toBeLessThanOrEqual(1);
  });

  it('throws a PlanningError naming a symbol with a target but no quote', () => {
    const noXiu = new Map([...quotes].filter(([symbol]) => symbol !== 'XIU'));
    expect(() => planOrders(input({ weights: { XIU: 0.1 }, quotes: noXiu }))).toThrow(PlanningError);
    expect(() => planOrders(input({ weights: { XIU: 0.1 }, quotes: noXiu }))).toThrow(/XIU/);
  });

  it('throws a PlanningError for a position without a quote, even with no target', () => {
    const noSpy = new Map([...quotes].filter(([symbol]) => symbol !== 'SPY'));
    expect(() => planOrders(input({ weights: {}, quotes: noSpy, account: account({ USD: 0 }, [hold('SPY', 10)]) }))).toThrow(/SPY/);
  });

  it('refuses a forecast weight for a symbol it may not trade, and a non-positive NLV', () => {
    expect(() => planOrders(input({ weights: { TSLA: 0.1 } }))).toThrow(/TSLA/);
    expect(() => planOrders(input({ weights: { SPY: 0.1 }, account: account({ USD: 0 }, [], 0) }))).toThrow(PlanningError);
  });

  it('names the first bad weight in the forecast\'s order, before any quote is missed', () => {
    const noXiu = new Map([...quotes].filter(([symbol]) => symbol !== 'XIU'));
    expect(() => planOrders(input({ weights: { XIU: 0.1, SPY: Number.NaN, TSLA: 0.1 }, quotes: noXiu }))).toThrow('forecast weight for SPY is not a finite number: NaN');
    expect(() => planOrders(input({ weights: { XIU: 0.1, TSLA: 0.1, SPY: Number.NaN }, quotes: noXiu }))).toThrow('forecast has a weight for TSLA, which is not a tradable instrument');
    expect(() => planOrders(input({ weights: { SPY: 0.1, XIU: Number.POSITIVE_INFINITY } }))).toThrow('forecast weight for XIU is not a finite number: Infinity');
  });
});

describe('postTradePositions', () => {
  it('adds buys and subtracts sells from the held quantities', () => {
    const after = postTradePositions(account({ USD: 0 }, [hold('SPY', 100), hold('GLD', 5)]), [
      { tag: 't', symbol: 'SPY', side: 'SELL', quantity: 30, limitPrice: 1, referencePrice: 1 },
      { tag: 't', symbol: 'QQQ', side: 'BUY', quantity: 7, limitPrice: 1, referencePrice: 1 },
    ]);
    expect([...after.entries()]).toEqual([
      ['SPY', 70],
      ['GLD', 5],
      ['QQQ', 7],
    ]);
  });
});

describe('plan lines and rows as JSON', () => {
  it('list their fields in the order of the plan file and the journal, the reason only where there is one', () => {
    const plan = planOrders(input({ weights: { SPY: 0.5, QQQ: 0 }, account: account({ USD: 100_000 }, [hold('XIU', 0)]) }));
    const traded = plan.lines.find((l) => l.action !== 'NONE')!;
    const none = plan.lines.find((l) => l.action === 'NONE')!;
    expect(Object.keys(traded)).toEqual(['symbol', 'tag', 'currentQuantity', 'targetWeight', 'action', 'quantity', 'limitPrice', 'referencePrice', 'targetQuantity']);
    expect(Object.keys(none)).toEqual(['symbol', 'tag', 'currentQuantity', 'targetWeight', 'action', 'quantity', 'limitPrice', 'referencePrice', 'targetQuantity', 'reason']);
    expect(JSON.parse(JSON.stringify(none))).toEqual({ ...none });
    const rows = planRows(plan.lines, { nlv: 100_000, leverage: 1, instruments: new Map([SPY, QQQ, XIU].map((i) => [i.symbol, i])), fx });
    const keys = ['symbol', 'targetWeight', 'currentWeight', 'action', 'quantity', 'limitPrice', 'tradeValue'];
    expect(Object.keys(rows.find((r) => r.action !== 'NONE')!)).toEqual(keys);
    expect(Object.keys(rows.find((r) => r.action === 'NONE')!)).toEqual([...keys, 'reason']);
  });
});
