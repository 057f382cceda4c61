import { afterEach, describe, expect, it } from 'vitest';
import { BrokerError, OrderNotTransmittedError } from '../../src/brokers/broker.js';
import type { OrderIntent } from '../../src/domain/order.js';
import { SPY, startAlpacaRig, type AlpacaRig } from './harness.js';

function buy(tag: string, limitPrice: number, quantity = 1): OrderIntent {
  return { tag, symbol: 'SPY', side: 'BUY', quantity, limitPrice, referencePrice: 100 };
}

async function failure(promise: Promise<unknown>): Promise<BrokerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BrokerError);
  return error as BrokerError;
}

describe('the Alpaca adapter on the stand-in', () => {
  let rig: AlpacaRig;
  afterEach(async () => rig.stop());

  it('sends the tag as client_order_id, and answers a resend after a lost reply with the first order: Alpaca refused the duplicate', async () => {
    rig = await startAlpacaRig();
    const broker = rig.broker();
    await broker.connect();
    rig.alpaca.loseNextOrderReply = true;
    const placed = await broker.placeOrder(buy('r-lost-1:SPY', 90), SPY);

    expect(rig.alpaca.placed.map((o) => [o.id, o.clientOrderId])).toEqual([[placed.brokerId, 'r-lost-1:SPY']]);
    expect(placed).toMatchObject({ tag: 'r-lost-1:SPY', status: 'submitted', quantity: 1, limitPrice: 90 });
    const posts = rig.alpaca.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.status)).toEqual([0, 422]);
  });

  it('answers a server error on an order that Alpaca took with that order, found by its client_order_id after the resend', async () => {
    rig = await startAlpacaRig();
    const broker = rig.broker();
    await broker.connect();
    rig.alpaca.failNextOrderReply = true;
    const placed = await broker.placeOrder(buy('r-500-1:SPY', 90), SPY);
    expect(rig.alpaca.placed.map((o) => o.id)).toEqual([placed.brokerId]);
    expect(rig.alpaca.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([500, 422]);
  });

  it('reports an order refused by the rate limit, even after the retries, as never sent', async () => {
    rig = await startAlpacaRig();
    const broker = rig.broker({}, { sleep: async () => undefined });
    await broker.connect();
    rig.alpaca.force429 = 6;
    const error = await failure(broker.placeOrder(buy('r-429-1:SPY', 90), SPY));
    expect(error).toBeInstanceOf(OrderNotTransmittedError);
    expect(rig.alpaca.placed).toHaveLength(0);
  });

  it('after a crash, a new adapter placing a tag already sent gets the order that is there, not a second one', async () => {
    rig = await startAlpacaRig();
    const first = rig.broker();
    await first.connect();
    const sent = await first.placeOrder(buy('r-crash-1:SPY', 110), SPY);

    const again = rig.broker();
    await again.connect();
    const resent = await again.placeOrder(buy('r-crash-1:SPY', 110), SPY);
    expect(resent).toMatchObject({ brokerId: sent.brokerId, tag: 'r-crash-1:SPY', status: 'filled', filledQuantity: 1 });
    expect(rig.alpaca.placed).toHaveLength(1);
    expect(rig.alpaca.book.activities).toHaveLength(1);
  });

  it('finds a replaced order by its tag after a crash: one order with the first id, the new total and limit, and its fills under that id', async () => {
    rig = await startAlpacaRig();
    const first = rig.broker();
    await first.connect();
    const placed = await first.placeOrder(buy('r-chain-1:SPY', 90, 2), SPY);
    await first.modifyOrder(placed, { quantity: 3, limitPrice: 91 }, SPY);
    await first.modifyOrder({ ...placed, quantity: 3, limitPrice: 91 }, { quantity: 4, limitPrice: 92 }, SPY);
    expect(rig.alpaca.book.orders.map((o) => [o.clientOrderId, o.status])).toEqual([
      ['r-chain-1:SPY', 'replaced'],
      ['r-chain-1:SPY~1', 'replaced'],
      ['r-chain-1:SPY~2', 'new'],
    ]);

    const fresh = rig.broker();
    await fresh.connect();
    expect((await fresh.openOrders()).map((o) => [o.brokerId, o.tag, o.quantity, o.limitPrice, o.status])).toEqual([[placed.brokerId, 'r-chain-1:SPY', 4, 92, 'submitted']]);
    rig.alpaca.book.setQuote('SPY', 91.9, 91.95);
    const [done] = await fresh.awaitOrders([placed.brokerId], 5_000);
    expect(done).toMatchObject({ brokerId: placed.brokerId, status: 'filled', filledQuantity: 4 });
    expect((await fresh.executions(0)).map((f) => [f.brokerOrderId, f.tag, f.quantity, f.price])).toEqual([[placed.brokerId, 'r-chain-1:SPY', 4, 91.95]]);
    expect((await fresh.completedOrders()).map((o) => [o.brokerId, o.tag, o.status])).toEqual([[placed.brokerId, 'r-chain-1:SPY', 'filled']]);
  });

  it('a new adapter reads many fills with the orders listed in one request, not asked for one by one', async () => {
    rig = await startAlpacaRig();
    const sender = rig.broker();
    await sender.connect();
    for (let i = 1; i <= 12; i++) await sender.placeOrder(buy(`r-many-${i}:SPY`, 110), SPY);

    const reader = rig.broker();
    await reader.connect();
    const before = rig.alpaca.requests.length;
    const fills = await reader.executions(0);
    expect(fills.map((f) => f.tag)).toEqual(Array.from({ length: 12 }, (_, i) => `r-many-${i + 1}:SPY`));
    const asked = rig.alpaca.requests.slice(before).map((r) => r.path.split('?')[0]);
    expect(asked).toEqual(['/v2/account/activities/FILL', '/v2/orders']);
  });

  it('waits out 429 answers and retries, and the call succeeds', async () => {
    rig = await startAlpacaRig();
    const broker = rig.broker();
    await broker.connect();
    rig.alpaca.force429 = 2;
    expect((await broker.account()).accountId).toBe(rig.alpaca.book.accountNumber);
    expect(broker.traffic.rateLimited).toBe(2);
    expect(rig.alpaca.requests.filter((r) => r.status === 429)).toHaveLength(2);
  });

  it('follows X-RateLimit-Remaining and waits for the reset: many calls on a small budget meet no 429', async () => {
    rig = await startAlpacaRig();
    rig.alpaca.rateLimit = { limit: 5, windowMs: 1_000 };
    const broker = rig.broker();
    await broker.connect();
    for (let i = 0; i < 6; i++) await broker.account();
    expect(rig.alpaca.requests).toHaveLength(13);
    expect(rig.alpaca.requests.filter((r) => r.status !== 200)).toEqual([]);
  });

  it('keeps its own pace under maxRequestsPerMinute', async () => {
    rig = await startAlpacaRig();
    const waits: number[] = [];
    const broker = rig.broker({ maxRequestsPerMinute: 3 }, { sleep: async (ms) => void waits.push(ms) });
    await broker.connect();
    await broker.account();
    // The fourth request in a minute waits for the first to leave the window.
    expect(waits).toHaveLength(0);
    await broker.account();
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((ms) => ms > 0 && ms <= 60_000)).toBe(true);
  });

  it('names the missing key variables, with no value, and connects to nothing', async () => {
    rig = await startAlpacaRig();
    const broker = rig.broker({}, { env: { ALPACA_KEY_ID: rig.alpaca.keyId } });
    const error = await failure(broker.connect());
    expect(error.kind).toBe('operational');
    expect(error.message).toContain('ALPACA_SECRET_KEY');
    expect(error.message).not.toContain(rig.alpaca.keyId);
    expect(rig.alpaca.requests).toHaveLength(0);
  });

  it('refuses wrong keys with an operational error that never contains them', async () => {
    rig = await startAlpacaRig();
    const broker = rig.broker({}, { env: { ALPACA_KEY_ID: 'PKWRONGWRONGWRONG', ALPACA_SECRET_KEY: 'wrong-secret-key-value' } });
    const error = await failure(broker.connect());
    expect(error.kind).toBe('operational');
    expect(error.message).toContain('401');
    expect(error.message).not.toContain('wrong-secret-key-value');
    expect(error.message).not.toContain('PKWRONGWRONGWRONG');
  });

  it('does not connect to an account that Alpaca blocks from trading', async () => {
    rig = await startAlpacaRig();
    rig.alpaca.book.tradingBlocked = true;
    const error = await failure(rig.broker().connect());
    expect(error).toMatchObject({ kind: 'operational', code: 'account-blocked' });
  });

  it('has no FX rates: Alpaca trades in US dollars only', async () => {
    rig = await startAlpacaRig();
    const broker = rig.broker();
    await broker.connect();
    expect((await broker.fxRates('USD', ['USD'])).rate('USD')).toBe(1);
    expect(await failure(broker.fxRates('USD', ['CAD']))).toMatchObject({ kind: 'operational', code: 'no-fx' });
  });

  it('answers an order Alpaca refuses for buying power with a rejected order carrying its message', async () => {
    rig = await startAlpacaRig();
    const broker = rig.broker();
    await broker.connect();
    const refused = await broker.placeOrder(buy('r-big-1:SPY', 100, 5_000), SPY);
    expect(refused).toMatchObject({ status: 'rejected', rejectReason: 'insufficient buying power' });
    expect(await broker.awaitOrders([refused.brokerId], 1_000)).toEqual([refused]);
  });

  it('reads the market clock and calendar', async () => {
    rig = await startAlpacaRig();
    const broker = rig.broker();
    await broker.connect();
    expect((await broker.marketClock()).is_open).toBe(true);
    expect((await broker.calendar('2024-01-08', '2024-01-14')).map((d) => d.date)).toEqual(['2024-01-08', '2024-01-09', '2024-01-10', '2024-01-11', '2024-01-12']);
  });
});
