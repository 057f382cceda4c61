import { describe, expect, it } from 'vitest';
import type { RepriceConfig } from '../config/schema.js';
import type { OrderVersion } from '../cycle/journal.js';
import { SPY, at, dailyBar, flatBars, intent, paperSetup } from '../brokers/paper/paper-broker.fixture.js';
import { workOrders } from './work-orders.js';

const policy: RepriceConfig = { enabled: true, waitSeconds: 60, steps: 2, stepPct: 50, maxPriceBps: 100, atDeadline: 'touch' };
const spyAt100 = { SPY: flatBars(100, 10_000), USDCAD: flatBars(1.25, 0) };

async function ladder(maxPriceBps: number, priceBandBps: number) {
  const { broker, clock } = await paperSetup({ bars: spyAt100, now: at(1, 6) });
  const buy = { ...intent('BUY', 'SPY', 10, 99.5), referencePrice: 100 };
  const order = await broker.placeOrder(buy, SPY);
  const versions: OrderVersion[] = [];
  const start = clock.now();
  const [final] = await workOrders([{ order, intent: buy, instrument: SPY }], { ...policy, maxPriceBps }, {
    broker,
    runId: 'r-test',
    wait: (ms) => clock.sleep(ms),
    now: () => clock.now(),
    priceBandBps,
    record: async (made) => void versions.push(...made),
  });
  return { final: final!, versions, waited: clock.now() - start, broker, orderId: order.brokerId };
}

describe('the re-price ladder on the paper broker', () => {
  it('steps toward the far touch and reaches it at the deadline, where the buy fills, on the simulated clock', async () => {
    const { final, versions, waited } = await ladder(100, 200);
    // The ask is 100.01 (2 bps spread around 100): half way from 99.50 is 99.76, then 99.89, then the touch.
    expect(versions.map((v) => [v.reason, v.limitPrice])).toEqual([['repriced', 99.76], ['repriced', 99.89], ['deadline', 100.01]]);
    expect(versions.every((v) => v.decisionPrice === 100 && v.arrivalPrice === 100)).toBe(true);
    expect(final).toMatchObject({ status: 'filled', filledQuantity: 10, limitPrice: 100.01 });
    expect(waited).toBe(3 * 60_000);
  });

  it('never goes past the price band, whatever the policy allows', async () => {
    const { final, versions } = await ladder(100, 0.5);
    // 0.5 bps above 100 is 100.005: on the tick, at most 100.00, below the ask: the buy works on, unfilled.
    expect(Math.max(...versions.map((v) => v.limitPrice))).toBe(100);
    expect(final).toMatchObject({ status: 'submitted', filledQuantity: 0, limitPrice: 100 });
  });
});

describe('a paper order amended to the rest after a partial fill', () => {
  it('keeps its id, tag and fills, and ends with the whole position under one tag', async () => {
    const bars = { SPY: [dailyBar(0, 100, 100, 100, 100, 1000), ...flatBars(100, 10_000).slice(1)], USDCAD: flatBars(1.25, 0) };
    const { broker, clock } = await paperSetup({ bars, now: at(1, 6) });
    // 10 % of day 0's 1,000 fills 100 of 250 at the ask; the rest rests at a limit below the market.
    const order = await broker.placeOrder(intent('BUY', 'SPY', 250, 100.05), SPY);
    expect(order).toMatchObject({ status: 'partially-filled', filledQuantity: 100 });
    await broker.modifyOrder(order, { quantity: 250, limitPrice: 99 }, SPY);
    clock.set(at(2, 6));
    // The next run still needs the 150 missing: amended to 100 filled + 150, at a marketable limit.
    const amended = await broker.modifyOrder(order, { quantity: 250, limitPrice: 100.05 }, SPY);
    expect(amended).toMatchObject({ brokerId: order.brokerId, tag: order.tag, status: 'filled', filledQuantity: 250 });
    const position = (await broker.account()).positions.find((p) => p.symbol === 'SPY');
    expect(position?.quantity).toBe(250);
    const fills = await broker.executions(0);
    expect(new Set(fills.map((f) => f.tag))).toEqual(new Set([order.tag]));
    expect(fills.reduce((sum, f) => sum + f.quantity, 0)).toBe(250);
    expect((await broker.completedOrders()).map((o) => o.tag)).toEqual([order.tag]);
  });
});
