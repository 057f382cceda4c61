import { describe, expect, it } from 'vitest';
import type { OrderVersion } from '../cycle/journal.js';
import type { Fill, Side } from '../domain/order.js';
import { orderSlippages, totalOrderSlippageBps } from './order-slippage.js';

const T0 = Date.UTC(2025, 10, 14, 15, 0);
const MIN = 60_000;

function version(over: Partial<OrderVersion> & Pick<OrderVersion, 'at' | 'reason' | 'limitPrice'>): OrderVersion {
  return { tag: 'r-1:SPY', brokerId: '7', runId: 'r-1', intentTag: 'r-1:SPY', symbol: 'SPY', side: 'BUY', quantity: 100, filledQuantity: 0, decisionPrice: 100, arrivalPrice: 100.02, ...over };
}

function fill(execId: string, time: number, quantity: number, price: number, over: Partial<Fill> = {}): Fill {
  return { execId, brokerOrderId: '7', tag: 'r-1:SPY', symbol: 'SPY', side: 'BUY' as Side, quantity, price, commission: 1, currency: 'USD', time, ...over };
}

describe('per-order slippage', () => {
  it('measures a laddered buy against its first decision and arrival prices, and each step against its own', () => {
    const versions = [
      version({ at: T0, reason: 'placed', limitPrice: 99.9 }),
      version({ at: T0 + MIN, reason: 'repriced', limitPrice: 100.0, arrivalPrice: 100.1, filledQuantity: 40 }),
      version({ at: T0 + 2 * MIN, reason: 'deadline', limitPrice: 100.2, arrivalPrice: 100.15, filledQuantity: 40 }),
    ];
    // 40 fill at the first step's limit, none at the second, 60 at the deadline's touch.
    const fills = [fill('e1', T0 + 30_000, 40, 99.9), fill('e2', T0 + 2 * MIN + 5_000, 60, 100.2)];
    const [order] = orderSlippages({ versions, fills });
    expect(order).toMatchObject({ tag: 'r-1:SPY', symbol: 'SPY', side: 'BUY', fills: 2, filledQuantity: 100, repriceSteps: 2, decisionPrice: 100, arrivalPrice: 100.02 });
    expect(order!.averagePrice).toBeCloseTo(100.08, 10);
    // (100.08 − 100) / 100 = 8 bps paid against the decision; (100.08 − 100.02) / 100.02 ≈ 6 bps against the arrival.
    expect(order!.vsDecisionBps).toBeCloseTo(8, 9);
    expect(order!.vsArrivalBps).toBeCloseTo(((100.08 - 100.02) / 100.02) * 10_000, 9);
    expect(order!.steps.map((s) => [s.reason, s.limitPrice, s.filledQuantity, s.averagePrice])).toEqual([
      ['placed', 99.9, 40, 99.9],
      ['repriced', 100.0, 0, undefined],
      ['deadline', 100.2, 60, 100.2],
    ]);
    expect(order!.steps[0]!.vsDecisionBps).toBeCloseTo(-10, 9);
    expect(order!.steps[1]!.vsArrivalBps).toBeUndefined();
    expect(order!.steps[2]!.vsArrivalBps).toBeCloseTo(((100.2 - 100.15) / 100.15) * 10_000, 9);
  });

  it('puts a fill after an amendment whose time the broker rounded to the second, by the quantity filled before it', () => {
    const versions = [version({ at: T0, reason: 'placed', limitPrice: 99.9 }), version({ at: T0 + MIN + 700, reason: 'repriced', limitPrice: 100, filledQuantity: 30 })];
    // The second fill came after the re-price (30 were filled when it took effect) but carries the whole second before it.
    const fills = [fill('e1', T0 + 10_000, 30, 99.9), fill('e2', T0 + MIN, 70, 100)];
    const [order] = orderSlippages({ versions, fills });
    expect(order!.steps.map((s) => s.filledQuantity)).toEqual([30, 70]);
  });

  it('gives a fill at the moment of an amendment to the amendment, as the paper broker fills a marketable one at once', () => {
    const versions = [version({ at: T0, reason: 'placed', limitPrice: 99.9 }), version({ at: T0 + MIN, reason: 'amended', runId: 'r-2', limitPrice: 100.1, decisionPrice: 100.05, filledQuantity: 100 })];
    const [order] = orderSlippages({ versions, fills: [fill('e1', T0 + MIN, 100, 100.1)] });
    expect(order!.steps.map((s) => s.filledQuantity)).toEqual([0, 100]);
    expect(order!.steps[1]!.vsDecisionBps).toBeCloseTo(((100.1 - 100.05) / 100.05) * 10_000, 9);
    // The order as a whole is measured from where it started: the first plan's decision price.
    expect(order!.vsDecisionBps).toBeCloseTo(10, 9);
  });

  it('counts a sell below its decision price as a cost', () => {
    const versions = [version({ at: T0, reason: 'placed', side: 'SELL', limitPrice: 100, arrivalPrice: 100 })];
    const [order] = orderSlippages({ versions, fills: [fill('e1', T0, 10, 99.95, { side: 'SELL' })] });
    expect(order!.vsDecisionBps).toBeCloseTo(5, 9);
    expect(order!.vsArrivalBps).toBeCloseTo(5, 9);
  });

  it('measures an order sent before versions were kept from its planned reference price, with no arrival figure rather than zero', () => {
    const fills = [fill('e1', T0, 10, 100.1, { tag: 'r-0:VTI', symbol: 'VTI' })];
    const [order] = orderSlippages({ versions: [], fills, referencePrices: new Map([['r-0:VTI', 100]]) });
    expect(order).toMatchObject({ tag: 'r-0:VTI', decisionPrice: 100, arrivalPrice: undefined, vsArrivalBps: undefined, repriceSteps: 0, steps: [] });
    expect(order!.vsDecisionBps).toBeCloseTo(10, 9);
    // Its quote when sent, where the ledger kept one, is its arrival price.
    const [withQuote] = orderSlippages({ versions: [], fills, referencePrices: new Map([['r-0:VTI', 100]]), sentMids: new Map([['r-0:VTI', 100.05]]) });
    expect(withQuote!.vsArrivalBps).toBeCloseTo((0.05 / 100.05) * 10_000, 9);
  });

  it('leaves out adopted trades made outside autofolio and orders without fills', () => {
    const versions = [version({ at: T0, reason: 'placed', limitPrice: 99.9 }), version({ tag: 'r-1:VTI', symbol: 'VTI', at: T0, reason: 'placed', limitPrice: 50 })];
    const fills = [fill('e1', T0, 10, 100), fill('external:1', T0, 5, 10, { tag: 'external:1', symbol: 'XYZ' })];
    expect(orderSlippages({ versions, fills }).map((o) => o.tag)).toEqual(['r-1:SPY']);
  });

  it('totals by value over the orders that have the benchmark, in the base currency', () => {
    const versions = [version({ at: T0, reason: 'placed', limitPrice: 100 }), version({ tag: 'r-1:XIU', symbol: 'XIU', at: T0, reason: 'placed', limitPrice: 30, decisionPrice: 30, arrivalPrice: undefined })];
    const fills = [fill('e1', T0, 100, 100.1), fill('e2', T0, 1000, 30.03, { tag: 'r-1:XIU', symbol: 'XIU', currency: 'CAD' })];
    const orders = orderSlippages({ versions, fills, valueBase: (f) => f.quantity * f.price * (f.currency === 'CAD' ? 0.5 : 1) });
    // 10 bps on 10 010 USD and 10 bps on 15 015 USD (30 030 CAD at 0.5): 10 bps; the XIU order has no arrival price.
    expect(orders.map((o) => o.valueBase)).toEqual([10_010, 15_015]);
    expect(totalOrderSlippageBps(orders, 'vsDecisionBps')).toBeCloseTo(10, 9);
    expect(totalOrderSlippageBps(orders, 'vsArrivalBps')).toBeCloseTo(((100.1 - 100.02) / 100.02) * 10_000, 9);
    expect(totalOrderSlippageBps([], 'vsArrivalBps')).toBeUndefined();
  });
});
