import { describe, expect, it } from 'vitest';
import { BrokerError } from '../broker.js';
import { SPY, USDCAD, XIU, at, dailyBar, flatBars, intent, paperSetup } from './paper-broker.fixture.js';

const spyAt100 = { SPY: flatBars(100, 10_000), USDCAD: flatBars(1.25, 0) };

async function rejection(promise: Promise<unknown>): Promise<BrokerError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(BrokerError);
  return error as BrokerError;
}

describe('paper broker cancels', () => {
  it('cancels a working order once, then refuses', async () => {
    const { broker } = await paperSetup({ bars: spyAt100, now: at(1, 6) });
    const order = await broker.placeOrder(intent('BUY', 'SPY', 50, 99), SPY);
    expect(await broker.openOrders()).toHaveLength(1);
    await broker.cancelOrder(order.brokerId);
    expect(await broker.openOrders()).toEqual([]);
    expect(await broker.awaitOrders([order.brokerId], 1000)).toMatchObject([{ status: 'cancelled', filledQuantity: 0 }]);

    const twice = await rejection(broker.cancelOrder(order.brokerId));
    expect(twice.kind).toBe('rejected');
    expect(twice.message).toMatch(/order 1 \(r-test:SPY\) is already cancelled/);
    const unknown = await rejection(broker.cancelOrder('999'));
    expect(unknown.kind).toBe('rejected');
    expect(unknown.message).toMatch(/no order with id 999/);
  });

  it('keeps the filled part of a cancelled order and fills no more of it', async () => {
    const bars = { SPY: [dailyBar(0, 100, 100, 100, 100, 1000), ...flatBars(100, 1000).slice(1)], USDCAD: flatBars(1.25, 0) };
    const { broker, clock } = await paperSetup({ bars, now: at(1, 6) });
    // 10% of day 0's 1,000 fills 100 of 250 at the ask.
    const order = await broker.placeOrder(intent('BUY', 'SPY', 250, 100.05), SPY);
    await broker.cancelOrder(order.brokerId);
    clock.set(at(4));
    expect(await broker.awaitOrders([order.brokerId], 0)).toMatchObject([{ status: 'cancelled', filledQuantity: 100 }]);
    expect(await broker.executions(0)).toHaveLength(1);
    expect((await broker.account()).positions).toEqual([{ symbol: 'SPY', quantity: 100, avgCost: 100.01 }]);
  });
});

describe('paper broker rejections', () => {
  it('rejects bad lots, ticks and symbols with a reason instead of throwing', async () => {
    const xiuInHundreds = { ...XIU, lotSize: 100 };
    const { broker } = await paperSetup({ bars: { ...spyAt100, XIU: flatBars(30, 100_000) }, now: at(1, 6), instruments: [SPY, xiuInHundreds, USDCAD] });
    const place = (side: 'BUY' | 'SELL', symbol: string, quantity: number, limit: number, tag: string) => broker.placeOrder(intent(side, symbol, quantity, limit, tag), SPY);

    expect(await place('BUY', 'SPY', 1.5, 99, 'a')).toMatchObject({ status: 'rejected', rejectReason: expect.stringMatching(/quantity 1.5 .* lot size 1/) });
    expect(await place('BUY', 'SPY', 0, 99, 'b')).toMatchObject({ status: 'rejected' });
    expect(await place('BUY', 'XIU', 150, 29, 'c')).toMatchObject({ status: 'rejected', rejectReason: expect.stringMatching(/lot size 100/) });
    expect(await place('BUY', 'XIU', 200, 29, 'd')).toMatchObject({ status: 'submitted' });
    expect(await place('SELL', 'SPY', 10, 100.005, 'e')).toMatchObject({ status: 'rejected', rejectReason: expect.stringMatching(/limit price 100.005 .* tick size 0.01/) });
    // 100.01 is not exact in binary but is on the grid.
    expect(await place('SELL', 'SPY', 10, 100.01, 'f')).toMatchObject({ status: 'submitted' });
    expect(await place('BUY', 'QQQ', 10, 99, 'g')).toMatchObject({ status: 'rejected', rejectReason: expect.stringMatching(/unknown symbol QQQ/) });

    const orders = await broker.openOrders();
    expect(orders.map((order) => order.tag)).toEqual(['d', 'f']);
    expect(orders.map((order) => order.brokerId)).toEqual(['4', '6']);
  });

  it('rejects a second working order with the same tag until the first is done', async () => {
    const { broker } = await paperSetup({ bars: spyAt100, now: at(1, 6) });
    const first = await broker.placeOrder(intent('BUY', 'SPY', 5, 99, 'r-1:SPY'), SPY);
    expect(await broker.placeOrder(intent('BUY', 'SPY', 5, 98, 'r-1:SPY'), SPY)).toMatchObject({ status: 'rejected', rejectReason: 'tag r-1:SPY is already used by working order 1' });
    await broker.cancelOrder(first.brokerId);
    expect(await broker.placeOrder(intent('BUY', 'SPY', 5, 98, 'r-1:SPY'), SPY)).toMatchObject({ status: 'submitted' });
  });

  it('rejects a buy that would borrow more than the NLV, counting working buys', async () => {
    const { broker } = await paperSetup({ bars: spyAt100, now: at(1, 6) });
    // 2,000 × 100 + 10.00 commission leaves cash −100,010 against an NLV of 99,990 afterwards.
    expect(await broker.placeOrder(intent('BUY', 'SPY', 2000, 100, 'a'), SPY)).toMatchObject({ status: 'rejected', rejectReason: expect.stringMatching(/insufficient buying power/) });
    // 1,999: cash −99,809.995 against an NLV of 99,990.005: allowed (it rests below the ask 100.01).
    expect(await broker.placeOrder(intent('BUY', 'SPY', 1999, 100, 'b'), SPY)).toMatchObject({ status: 'submitted' });
    // One more share on top of the working 1,999: cash −100,001 against 99,999.
    expect(await broker.placeOrder(intent('BUY', 'SPY', 1, 100, 'c'), SPY)).toMatchObject({ status: 'rejected', rejectReason: expect.stringMatching(/insufficient buying power/) });
    // A sell raises cash, so it is not limited here.
    expect(await broker.placeOrder(intent('SELL', 'SPY', 5000, 100, 'd'), SPY)).toMatchObject({ status: 'submitted' });
  });

  it('counts the working buys of every currency, each at its rate, until they stop working', async () => {
    const { broker } = await paperSetup({ bars: { ...spyAt100, XIU: flatBars(30, 100_000) }, now: at(1, 6) });
    // 4,000 XIU at 29 CAD reserve 116,000 CAD, 92,800 USD at 1.25 USDCAD.
    const xiu = await broker.placeOrder(intent('BUY', 'XIU', 4000, 29), XIU);
    expect(xiu).toMatchObject({ status: 'submitted' });
    // 1,100 SPY at 99 on top: cash 100,000 − 92,800 − 108,905.50 against an NLV of 101,094.50.
    expect(await broker.placeOrder(intent('BUY', 'SPY', 1100, 99, 'a'), SPY)).toMatchObject({ status: 'rejected', rejectReason: expect.stringMatching(/insufficient buying power/) });
    await broker.cancelOrder(xiu.brokerId);
    expect(await broker.placeOrder(intent('BUY', 'SPY', 1100, 99, 'b'), SPY)).toMatchObject({ status: 'submitted' });
  });

  it('rejects an order for an instrument without data, and refuses to quote it', async () => {
    const qqq = { ...SPY, symbol: 'QQQ' };
    const { broker } = await paperSetup({ bars: spyAt100, now: at(1, 6), instruments: [SPY, qqq, USDCAD] });
    expect(await broker.placeOrder(intent('BUY', 'QQQ', 1, 99), qqq)).toMatchObject({ status: 'rejected', rejectReason: expect.stringMatching(/no market data for QQQ/) });
    const error = await rejection(broker.quotes([SPY, qqq]));
    expect(error.kind).toBe('operational');
    expect(error.message).toMatch(/no market data for QQQ/);
  });
});

describe('paper broker order states', () => {
  it('reports each state as it is when asked at one time, and leaves the answers already given as they were', async () => {
    const { broker } = await paperSetup({ bars: spyAt100, now: at(1, 6) });
    const placed = await broker.placeOrder(intent('BUY', 'SPY', 50, 99), SPY);
    expect(await broker.awaitOrders([placed.brokerId], 0)).toEqual([placed]);
    const modified = await broker.modifyOrder(placed, { quantity: 60, limitPrice: 98 }, SPY);
    expect(modified).toMatchObject({ quantity: 60, limitPrice: 98, status: 'submitted' });
    expect(await broker.openOrders()).toEqual([modified]);
    await broker.cancelOrder(placed.brokerId);
    expect(await broker.awaitOrders([placed.brokerId], 0)).toMatchObject([{ status: 'cancelled', quantity: 60, limitPrice: 98 }]);
    expect(placed).toMatchObject({ status: 'submitted', quantity: 50, limitPrice: 99 });
    expect(modified).toMatchObject({ status: 'submitted', quantity: 60 });
  });
});
