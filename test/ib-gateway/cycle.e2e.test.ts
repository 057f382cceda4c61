import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ibAccountDir, runIn } from './account-dir.js';
import { defaultGatewayState, withStaleNextValidId } from './gateway-state.js';
import { StandInGateway } from './stand-in-gateway.js';

async function gatewayWith(script: (s: ReturnType<typeof defaultGatewayState>) => void) {
  const state = defaultGatewayState();
  // 600 SPY at 100 (NLV 160 000): the 20 % target sells 280, the 10 % XIU target buys.
  state.positions.set('SPY', { quantity: 600, avgCost: 95 });
  script(state);
  const gateway = new StandInGateway(state);
  return { gateway, port: await gateway.start() };
}

describe('a full cycle on the real cycle code, through the stand-in IB gateway', () => {
  let gateway: StandInGateway | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await gateway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('cancels, reads the account, quotes, plans, sends the sell, waits for its fill, sends the buy, records fills, journal and snapshot', async () => {
    const rig = await gatewayWith((s) => {
      s.instruments.get('SPY')!.fill = 'late';
      // A stale autofolio order from an earlier hour, and a hand-placed one, both resting.
      s.orders.set(3, { orderId: 3, clientId: 7, permId: 5, contract: s.instruments.get('SPY')!.contract, action: 'BUY', quantity: 1, lmtPrice: 90, tif: 'DAY', account: 'DU111111', orderRef: 'r-20240103T1400Z-0000:SPY', algoStrategy: '', algoParams: [], status: 'Submitted', filled: 0, avgFillPrice: 0, lastFillPrice: 0, completedTime: '' });
      s.orders.set(4, { orderId: 4, clientId: 7, permId: 6, contract: s.instruments.get('SPY')!.contract, action: 'BUY', quantity: 1, lmtPrice: 90, tif: 'DAY', account: 'DU111111', orderRef: '', algoStrategy: '', algoParams: [], status: 'Submitted', filled: 0, avgFillPrice: 0, lastFillPrice: 0, completedTime: '' });
      s.nextValidId = 5;
    });
    gateway = rig.gateway;
    const sellFilledWhenBuySent: boolean[] = [];
    gateway.onPlaceOrder = (fields) => {
      if (fields.action === 'BUY') sellFilledWhenBuySent.push([...gateway!.state.orders.values()].some((o) => o.action === 'SELL' && o.status === 'Filled'));
    };
    ({ dir } = ibAccountDir(rig.port, '', null));
    const result = await runIn(join(dir, 'autofolio.yaml'));

    expect(result.problems).toEqual([]);
    expect(result.outcome).toBe('ok');
    // The stock orders, then the conversion of the CAD the XIU buy leaves over back to USD (no fxHedge: CAD ratio 0).
    const placed = gateway.placed;
    expect(placed.map((p) => [p.action, p.contract.symbol])).toEqual([['SELL', 'SPY'], ['BUY', 'XIU'], ['BUY', 'USD']]);
    expect(sellFilledWhenBuySent).toEqual([true, true]);
    for (const p of placed.slice(0, 2)) {
      expect(p.orderRef).toBe(`${result.runId}:${p.contract.symbol}`);
      expect(p).toMatchObject({ orderType: 'LMT', tif: 'DAY', transmit: true, algoStrategy: 'Adaptive', algoParams: [{ tag: 'adaptivePriority', value: 'Urgent' }] });
      expect(p.orderId).toBeGreaterThan(4);
    }
    expect(placed[2]).toMatchObject({ orderRef: `${result.runId}:USDCAD`, orderType: 'LMT', tif: 'DAY', transmit: true, algoStrategy: '' });
    // The stale own order was cancelled; the hand-placed one was left alone.
    expect(gateway.state.orders.get(3)!.status).toBe('Cancelled');
    expect(gateway.state.orders.get(4)!.status).toBe('Submitted');
    expect(result.ordersSent).toBe(3);
    expect(result.fills).toBe(3);
    expect(result.snapshot!.positions.map((p) => [p.symbol, p.quantity])).toEqual([['SPY', 320], ['XIU', placed[1]!.totalQuantity]]);
    const trades = readFileSync(join(dir, 'state', 'trades.csv'), 'utf8').trim().split('\n');
    expect(trades).toHaveLength(4);
    const outbox = join(dir, 'state', 'outbox');
    expect(existsSync(outbox) ? readdirSync(outbox).filter((f) => f.includes('alert')) : []).toEqual([]);
  });

  it('with marketData: broker the strategy reads IB historical bars, once: the next run takes them from the cache', async () => {
    const rig = await gatewayWith(() => undefined);
    gateway = rig.gateway;
    ({ dir } = ibAccountDir(rig.port, '', null));
    const config = join(dir, 'autofolio.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('clock: data', 'clock: data\nmarketData: broker').replace(/strategy: .*\n/, 'strategy: { kind: inverse-vol, lookbackDays: 10, grossExposure: 0.3 }\n'));
    const first = await runIn(config);
    expect(first.problems).toEqual([]);
    const historicalRequests = (): number => gateway!.arrivals(20).length;
    expect(historicalRequests()).toBe(2);
    const forecast = readFileSync(join(dir, 'state', 'forecast.csv'), 'utf8');
    expect(forecast).toMatch(/^SPY,0\.\d+,1,.*,inverse-vol$/m);
    expect(forecast).toMatch(/^XIU,0\.\d+,1,.*,inverse-vol$/m);
    const second = await runIn(config);
    expect(second.problems).toEqual([]);
    expect(historicalRequests()).toBe(2);
  });

  it('with a stale next order id (103), one run sends every order: one refused id, then a fresh one from IB, no order twice', async () => {
    const rig = await gatewayWith((s) => withStaleNextValidId(s, 10));
    gateway = rig.gateway;
    ({ dir } = ibAccountDir(rig.port, '', null));
    const result = await runIn(join(dir, 'autofolio.yaml'));
    expect(result.problems).toEqual([]);
    expect(result.ordersSent).toBe(3);
    expect(gateway.placed.map((p) => p.orderId)).toEqual([1, 11, 12, 13]);
    const tags = [...gateway.state.orders.values()].filter((o) => o.orderRef.startsWith(result.runId)).map((o) => o.orderRef);
    expect(tags.sort()).toEqual([`${result.runId}:SPY`, `${result.runId}:USDCAD`, `${result.runId}:XIU`]);
  });

  it('a disconnect in the middle of sending ends the run with an error and an alert; the rerun sends only what never reached IB', async () => {
    const rig = await gatewayWith(() => undefined);
    gateway = rig.gateway;
    gateway.dropOnPlaceOrder = 2;
    ({ dir } = ibAccountDir(rig.port, '', null));
    const first = await runIn(join(dir, 'autofolio.yaml'));
    expect(first.outcome).toBe('error');
    expect(first.problems.join('\n')).toMatch(/send-orders: .*closed the connection/);
    expect(gateway.state.orders.size).toBe(1);
    expect(readdirSync(join(dir, 'state', 'outbox')).some((f) => f.includes('alert'))).toBe(true);

    const second = await runIn(join(dir, 'autofolio.yaml'));
    expect(second.outcome).toBe('ok');
    // The sell went through in the first run and is not sent again; the buy that was cut off is,
    // then the conversion that the first run never reached.
    expect(gateway.placed.map((p) => [p.action, p.contract.symbol])).toEqual([['SELL', 'SPY'], ['BUY', 'XIU'], ['BUY', 'XIU'], ['BUY', 'USD']]);
    expect([...gateway.state.orders.values()].map((o) => [o.action, o.contract.symbol, o.status])).toEqual([['SELL', 'SPY', 'Filled'], ['BUY', 'XIU', 'Filled'], ['BUY', 'USD', 'Filled']]);
    // Order ids never repeat across the two runs.
    expect(new Set(gateway.placed.slice(0, 1).concat(gateway.placed.slice(2)).map((p) => p.orderId)).size).toBe(3);
  });
});
