import { afterEach, describe, expect, it, vi } from 'vitest';
import { BrokerError, OrderNotTransmittedError } from '../../src/brokers/broker.js';
import { withStaleNextValidId } from './gateway-state.js';
import { INSTRUMENTS, SPY, XIU, startRig, type Rig } from './harness.js';

describe('IB adapter against the stand-in gateway', () => {
  let rig: Rig;
  afterEach(async () => rig?.stop());

  it('reads NLV, base currency, cash per currency and positions with IB\'s marks from one account-updates subscription; farm notices are not errors', async () => {
    rig = await startRig();
    const broker = rig.broker();
    await broker.connect();
    const account = await broker.account();
    expect(account).toEqual({
      accountId: 'DU111111',
      baseCurrency: 'USD',
      netLiquidation: 80_000 + 27_000 / 1.35 + 10 * 100,
      cash: { USD: 80_000, CAD: 27_000 },
      positions: [{ symbol: 'SPY', quantity: 10, avgCost: 95, marketPrice: 100 }],
    });
    // Subscribed for its first download and unsubscribed: the summary and position requests are not needed.
    await vi.waitFor(() => expect(rig.gateway.arrivals(6)).toHaveLength(2));
    expect(rig.gateway.arrivals(62).length + rig.gateway.arrivals(61).length).toBe(0);
    expect(broker.session.serverVersion).toBe(176);
    expect(broker.session.managedAccounts).toEqual(['DU111111', 'DU222222']);
    expect(broker.session.notices.map((n) => n.code)).toEqual(expect.arrayContaining([2104, 2106, 2158]));
    expect(rig.logs.join('\n')).not.toMatch(/\b505\b|Underrun|unprocessed/);
  });

  it('quotes live where subscribed and falls back to delayed data, aged by the delay', async () => {
    rig = await startRig();
    const broker = rig.broker();
    await broker.connect();
    const before = Date.now();
    const [spy, xiu, usdcad] = await broker.quotes(INSTRUMENTS);
    expect(spy).toMatchObject({ symbol: 'SPY', bid: 99.98, ask: 100.02, last: 100 });
    expect(spy!.time).toBeGreaterThanOrEqual(before);
    expect(xiu).toMatchObject({ symbol: 'XIU', bid: 29.99, ask: 30.01 });
    expect(xiu!.time).toBeLessThanOrEqual(Date.now() - 15 * 60_000);
    expect(usdcad).toMatchObject({ symbol: 'USDCAD', bid: 1.3499, ask: 1.3501 });
    expect((await broker.fxRates('USD', ['USD', 'CAD'])).rate('CAD')).toBeCloseTo(1 / 1.35, 9);
    expect((await broker.quote(XIU)).delayed).toBe(true);
  });

  it('refuses delayed data when the config asks for live data only, naming the fix', async () => {
    rig = await startRig();
    const broker = rig.broker({ marketData: 'live' });
    await broker.connect();
    await expect(broker.quotes([XIU])).rejects.toMatchObject({ kind: 'operational', code: 354, message: expect.stringMatching(/delayed-fallback/) });
  });

  it('sends an Adaptive LMT order with exactly the fields it means: action, quantity, limit on the tick, DAY, priority, orderRef, transmit', async () => {
    rig = await startRig();
    const broker = rig.broker();
    await broker.connect();
    const placed = await broker.placeOrder({ tag: 'r-20240102T1530Z-ab12:SPY', symbol: 'SPY', side: 'BUY', quantity: 7, limitPrice: 100.1 + 1e-12, referencePrice: 100 }, SPY);
    expect(rig.gateway.placed).toHaveLength(1);
    expect(rig.gateway.placed[0]).toEqual({
      orderId: Number(placed.brokerId),
      contract: { conId: 756733, symbol: 'SPY', secType: 'STK', lastTradeDateOrContractMonth: '', strike: '', right: '', multiplier: '', exchange: 'SMART', primaryExch: '', currency: 'USD' },
      action: 'BUY',
      totalQuantity: 7,
      orderType: 'LMT',
      lmtPrice: '100.1',
      auxPrice: '',
      tif: 'DAY',
      account: 'DU111111',
      orderRef: 'r-20240102T1530Z-ab12:SPY',
      transmit: true,
      outsideRth: false,
      algoStrategy: 'Adaptive',
      algoParams: [{ tag: 'adaptivePriority', value: 'Patient' }],
      whatIf: false,
      comboLegs: [],
      orderComboLegPrices: [],
      smartComboRoutingParams: [],
    });
    const [done] = await broker.awaitOrders([placed.brokerId], 5_000);
    expect(done).toMatchObject({ status: 'filled', filledQuantity: 7, tag: 'r-20240102T1530Z-ab12:SPY' });
  });

  it('tells an order that never left (connection already gone) from one whose reply was lost after it was sent', async () => {
    rig = await startRig();
    const broker = rig.broker();
    await broker.connect();
    await broker.qualify(SPY);
    rig.gateway.dropOnPlaceOrder = 1;
    rig.gateway.placeBeforeDrop = true;
    const lost = await broker.placeOrder({ tag: 'r-x:SPY', symbol: 'SPY', side: 'BUY', quantity: 1, limitPrice: 101, referencePrice: 100 }, SPY).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(BrokerError);
    expect(lost).not.toBeInstanceOf(OrderNotTransmittedError);
    expect(rig.gateway.state.orders.size).toBe(1);
    // The session is gone now: the next order cannot leave, and says so.
    const never = await broker.placeOrder({ tag: 'r-x:XIU', symbol: 'XIU', side: 'BUY', quantity: 1, limitPrice: 31, referencePrice: 30 }, XIU).catch((e: unknown) => e);
    expect(never).toBeInstanceOf(OrderNotTransmittedError);
    expect(rig.gateway.placed).toHaveLength(1);
  });

  it('answers error 201 with a rejected status and IB\'s reason, not a throw', async () => {
    rig = await startRig((s) => (s.instruments.get('SPY')!.fill = 'reject'));
    const broker = rig.broker();
    await broker.connect();
    const placed = await broker.placeOrder({ tag: 'r-x:SPY', symbol: 'SPY', side: 'BUY', quantity: 1, limitPrice: 101, referencePrice: 100 }, SPY);
    expect(placed.status).toBe('rejected');
    expect(placed.rejectReason).toMatch(/201.*rejected/);
    const [latest] = await broker.awaitOrders([placed.brokerId], 1_000);
    expect(latest!.status).toBe('rejected');
  });

  it('follows partial and late fills to their end, with executions and commissions as fills', async () => {
    rig = await startRig((s) => {
      s.instruments.get('SPY')!.fill = 'partial';
      s.instruments.get('XIU')!.fill = 'late';
    });
    const broker = rig.broker();
    await broker.connect();
    const partial = await broker.placeOrder({ tag: 'r-p:SPY', symbol: 'SPY', side: 'BUY', quantity: 10, limitPrice: 100.5, referencePrice: 100 }, SPY);
    const late = await broker.placeOrder({ tag: 'r-p:XIU', symbol: 'XIU', side: 'BUY', quantity: 4, limitPrice: 30.5, referencePrice: 30 }, XIU);
    expect(late.status).toBe('submitted');
    const [p, l] = await broker.awaitOrders([partial.brokerId, late.brokerId], 1_000);
    expect(p).toMatchObject({ status: 'partially-filled', filledQuantity: 5 });
    expect(l).toMatchObject({ status: 'filled', filledQuantity: 4 });
    const fills = await broker.executions(0);
    expect(fills.map((f) => [f.tag, f.symbol, f.side, f.quantity, f.price, f.commission, f.currency])).toEqual([
      ['r-p:SPY', 'SPY', 'BUY', 5, 100.02, 1, 'USD'],
      ['r-p:XIU', 'XIU', 'BUY', 4, 30.01, 1, 'CAD'],
    ]);
    expect(Math.abs(fills[0]!.time - Date.now())).toBeLessThan(60_000);
    expect((await broker.openOrders()).map((o) => o.brokerId)).toEqual([partial.brokerId]);
  });

  it('an id refused as already used (103, stale next order id) asks IB for a new one and sends the order once more, once', async () => {
    rig = await startRig((s) => withStaleNextValidId(s, 10));
    const broker = rig.broker();
    await broker.connect();
    const placed = await broker.placeOrder({ tag: 'r-20240102T1530Z-ab12:SPY', symbol: 'SPY', side: 'BUY', quantity: 3, limitPrice: 101, referencePrice: 100 }, SPY);
    expect(rig.gateway.placed.map((p) => p.orderId)).toEqual([1, 11]);
    expect(placed).toMatchObject({ brokerId: '11', tag: 'r-20240102T1530Z-ab12:SPY' });
    expect(placed.status).not.toBe('rejected');
    // The next order takes a free id at once: no more refusals.
    await broker.placeOrder({ tag: 'r-20240102T1530Z-ab12:XIU', symbol: 'XIU', side: 'BUY', quantity: 3, limitPrice: 31, referencePrice: 30 }, XIU);
    expect(rig.gateway.placed.map((p) => p.orderId)).toEqual([1, 11, 12]);
    expect([...rig.gateway.state.orders.values()].filter((o) => o.orderRef === 'r-20240102T1530Z-ab12:SPY')).toHaveLength(1);
    expect(rig.orderIds.value).toBe(13);
  });

  it('cancels its own open order', async () => {
    rig = await startRig();
    const broker = rig.broker();
    await broker.connect();
    const placed = await broker.placeOrder({ tag: 'r-c:SPY', symbol: 'SPY', side: 'BUY', quantity: 1, limitPrice: 90, referencePrice: 100 }, SPY);
    expect((await broker.openOrders()).map((o) => o.tag)).toEqual(['r-c:SPY']);
    await broker.cancelOrder(placed.brokerId);
    expect((await broker.awaitOrders([placed.brokerId], 2_000))[0]!.status).toBe('cancelled');
    expect(await broker.openOrders()).toEqual([]);
  });

  it('stops at once with an operational error when the client id is in use (326), without retrying', async () => {
    rig = await startRig((s) => s.clientIdsInUse.add(7));
    const broker = rig.broker({}, { connectPolicy: { attempts: 3, backoffMs: 10_000 } });
    const started = Date.now();
    const error = await broker.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerError);
    expect(error).toMatchObject({ kind: 'operational', code: 326 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses an account the gateway does not manage', async () => {
    rig = await startRig();
    await expect(rig.broker({ account: 'DU999' }).connect()).rejects.toThrow(/manages DU111111, DU222222, not DU999/);
  });

  it('detects a half-open connection with its heartbeat and fails the waiting call', async () => {
    rig = await startRig();
    const broker = rig.broker({ heartbeatSeconds: 0.3, requestTimeoutSeconds: 30 });
    await broker.connect();
    rig.gateway.frozen = true;
    const started = Date.now();
    await expect(broker.account()).rejects.toMatchObject({ code: 'half-open', kind: 'temporary' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(rig.gateway.arrivals(49).length).toBeGreaterThan(0);
  });

  it('reads historical daily bars, oldest first', async () => {
    rig = await startRig();
    const broker = rig.broker();
    await broker.connect();
    const bars = await broker.historicalBars(SPY, { duration: '1 M', barSize: '1 day' });
    expect(bars).toHaveLength(30);
    expect(bars[0]!.time).toBe(Date.UTC(2023, 11, 1));
    expect(bars[29]!.close).toBeCloseTo(100.4, 9);
  });
});
