import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAccount } from '../../src/app/open-account.js';
import { runOnce } from '../../src/app/run-once.js';
import { loadConfig } from '../../src/config/load.js';
import { query } from '../state-db.js';
import { ibAccountDir } from './account-dir.js';
import { OUT } from './client-messages.js';
import { defaultGatewayState } from './gateway-state.js';
import { StandInGateway } from './stand-in-gateway.js';

async function runIn(config: string) {
  const account = await openAccount(loadConfig(config));
  try {
    return await runOnce(account, { purpose: 'trade', dryRun: false });
  } finally {
    await account.close();
  }
}

describe('working orders of an earlier run, through the stand-in IB gateway', () => {
  let gateway: StandInGateway | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await gateway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a second run whose plan still needs the same trades amends them under the same order ids with new limits, and cancels none', async () => {
    const state = defaultGatewayState();
    // 600 SPY at 100 (NLV 160 000): the 20 % target sells SPY, the 10 % XIU target buys; neither fills.
    state.positions.set('SPY', { quantity: 600, avgCost: 95 });
    state.instruments.get('SPY')!.fill = 'never';
    state.instruments.get('XIU')!.fill = 'never';
    gateway = new StandInGateway(state);
    const port = await gateway.start();
    ({ dir } = ibAccountDir(port));
    const config = join(dir, 'autofolio.yaml');

    const first = await runIn(config);
    expect(first.problems).toEqual([]);
    expect(first.ordersSent).toBe(2);
    const firstOrders = [...gateway.state.orders.values()].map((o) => ({ orderId: o.orderId, symbol: o.contract.symbol, orderRef: o.orderRef, lmtPrice: o.lmtPrice }));
    expect(firstOrders.map((o) => o.symbol).sort()).toEqual(['SPY', 'XIU']);

    // The market moved between the runs: the plan's limits move with it.
    const spy = gateway.state.instruments.get('SPY')!;
    Object.assign(spy, { bid: 100.98, ask: 101.02, last: 101 });
    const placedBefore = gateway.placed.length;
    const second = await runIn(config);
    expect(second.problems).toEqual([]);
    expect(second.ordersSent).toBe(0);

    const again = gateway.placed.slice(placedBefore);
    // Each PLACE_ORDER of the second run is a modify: an id IB already has, the first run's tag, and for SPY a new limit.
    expect(again.map((p) => p.orderId).sort()).toEqual(firstOrders.map((o) => o.orderId).sort());
    for (const p of again) expect(p.orderRef).toBe(firstOrders.find((o) => o.orderId === p.orderId)!.orderRef);
    const spyFirst = firstOrders.find((o) => o.symbol === 'SPY')!;
    expect(gateway.amended.find((a) => a.orderId === spyFirst.orderId)!.lmtPrice).not.toBe(spyFirst.lmtPrice);
    expect(gateway.messageCount(OUT.CANCEL_ORDER)).toBe(0);
    // One order per tag at IB: nothing was sent twice.
    const refs = [...gateway.state.orders.values()].map((o) => o.orderRef);
    expect(new Set(refs).size).toBe(refs.length);
    expect(gateway.state.orders.size).toBe(2);
    // The pacing limit held: never more than 50 messages in any second.
    const times = gateway.arrivals();
    expect(Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length))).toBeLessThanOrEqual(50);

    const versions = query<{ tag: string; reason: string; run_id: string; intent_tag: string }>(dir, 'select tag, reason, run_id, intent_tag from order_versions order by id');
    expect(versions.filter((v) => v.reason === 'placed').map((v) => v.run_id)).toEqual([first.runId, first.runId]);
    const amendments = versions.filter((v) => v.reason === 'amended');
    expect(amendments.map((v) => [v.run_id, v.tag.startsWith(first.runId)])).toEqual([[second.runId, true], [second.runId, true]]);
    expect(amendments.every((v) => v.intent_tag.startsWith(second.runId))).toBe(true);
  });

  it('an order whose instrument no longer needs trading is cancelled, and nothing new is sent for it', async () => {
    const state = defaultGatewayState();
    state.positions.set('SPY', { quantity: 600, avgCost: 95 });
    state.instruments.get('XIU')!.fill = 'never';
    gateway = new StandInGateway(state);
    const port = await gateway.start();
    ({ dir } = ibAccountDir(port));
    const config = join(dir, 'autofolio.yaml');
    const first = await runIn(config);
    expect(first.problems).toEqual([]);
    const xiu = [...gateway.state.orders.values()].find((o) => o.contract.symbol === 'XIU')!;
    expect(xiu.status).toBe('Submitted');

    // The owner dropped XIU from the targets: the working buy is no longer wanted.
    writeFileSync(config, readFileSync(config, 'utf8').replace('weights: { SPY: 0.2, XIU: 0.1 }', 'weights: { SPY: 0.2 }'));
    const placedBefore = gateway.placed.length;
    const second = await runIn(config);
    expect(second.problems).toEqual([]);
    expect(xiu.status).toBe('Cancelled');
    expect(gateway.placed.slice(placedBefore).filter((p) => p.contract.symbol === 'XIU')).toEqual([]);
  });
});
