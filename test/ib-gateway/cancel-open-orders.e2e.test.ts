import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ibAccountDir, runIn } from './account-dir.js';
import { defaultGatewayState, type GatewayState } from './gateway-state.js';
import type { StandInOrder } from './server-messages.js';
import { StandInGateway } from './stand-in-gateway.js';

async function gatewayWith(script: (s: GatewayState) => void) {
  const state = defaultGatewayState();
  // 600 SPY at 100 (NLV 160 000): the 20 % target sells 280, the 10 % XIU target buys.
  state.positions.set('SPY', { quantity: 600, avgCost: 95 });
  script(state);
  const gateway = new StandInGateway(state);
  return { gateway, port: await gateway.start() };
}

function resting(s: GatewayState, orderId: number, clientId: number, orderRef: string): StandInOrder {
  return { orderId, clientId, permId: 100 + orderId, contract: s.instruments.get('SPY')!.contract, action: 'BUY', quantity: 1, lmtPrice: 90, tif: 'DAY', account: 'DU111111', orderRef, algoStrategy: '', algoParams: [], status: 'Submitted', filled: 0, avgFillPrice: 0, lastFillPrice: 0, completedTime: '' };
}

function withExecution(config: string, execution: string): void {
  writeFileSync(config, readFileSync(config, 'utf8').replace(/^execution: .*$/m, `execution: { ${execution} }`));
}

describe('the cancel step, through the stand-in IB gateway', () => {
  let gateway: StandInGateway | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await gateway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('with cancelScope: all cancels every open order of the account: a hand-placed one of this client id and one of another client', async () => {
    const rig = await gatewayWith((s) => {
      s.orders.set(4, resting(s, 4, 7, ''));
      s.orders.set(5, resting(s, 5, 0, ''));
      s.nextValidId = 6;
    });
    gateway = rig.gateway;
    ({ dir } = ibAccountDir(rig.port, ', cancelScope: all'));
    const result = await runIn(join(dir, 'autofolio.yaml'));
    expect(result.problems).toEqual([]);
    expect(gateway.state.orders.get(4)!.status).toBe('Cancelled');
    expect(gateway.state.orders.get(5)!.status).toBe('Cancelled');
  });

  it('waits for IB to confirm a slow cancel before planning: no order is sent while the old one still works', async () => {
    const rig = await gatewayWith((s) => {
      s.orders.set(3, resting(s, 3, 7, 'r-20240103T1400Z-0000:SPY'));
      s.nextValidId = 4;
    });
    gateway = rig.gateway;
    gateway.cancelDelayMs = 400;
    const oldOrderWhenSending: string[] = [];
    gateway.onPlaceOrder = () => oldOrderWhenSending.push(gateway!.state.orders.get(3)!.status);
    ({ dir } = ibAccountDir(rig.port));
    const result = await runIn(join(dir, 'autofolio.yaml'));
    expect(result.problems).toEqual([]);
    expect(result.ordersSent).toBe(2);
    expect(oldOrderWhenSending).toEqual(['Cancelled', 'Cancelled']);
  });

  it('sends nothing when IB never confirms the cancel of an order the plan no longer wants, and says which order is still working', async () => {
    const rig = await gatewayWith((s) => {
      s.orders.set(3, resting(s, 3, 7, 'r-20240103T1400Z-0000:SPY'));
      s.nextValidId = 4;
    });
    gateway = rig.gateway;
    gateway.cancelDelayMs = Number.POSITIVE_INFINITY;
    ({ dir } = ibAccountDir(rig.port));
    withExecution(join(dir, 'autofolio.yaml'), 'sellWaitSeconds: 5, fillWaitSeconds: 2, cancelWaitSeconds: 1.5');
    const result = await runIn(join(dir, 'autofolio.yaml'));
    expect(result.outcome).toBe('error');
    expect(result.problems.join('\n')).toMatch(/amend-open-orders: the broker did not confirm the cancel of BUY 1 SPY \(order 3, r-20240103T1400Z-0000:SPY\) within 1\.5 s \(execution\.cancelWaitSeconds\)/);
    expect(result.ordersSent).toBe(0);
    expect(gateway.placed).toEqual([]);
  });

  it('an order the plan still wants is amended, not cancelled: when it fills first, its fill is recorded and no new order buys it again', async () => {
    const rig = await gatewayWith(() => undefined);
    gateway = rig.gateway;
    ({ dir } = ibAccountDir(rig.port));
    const config = join(dir, 'autofolio.yaml');
    // First run: the XIU buy rests (no fill), SPY sells.
    gateway.state.instruments.get('XIU')!.fill = 'never';
    const first = await runIn(config);
    expect(first.ordersSent).toBe(2);
    const xiuBuy = [...gateway.state.orders.values()].find((o) => o.contract.symbol === 'XIU')!;
    expect(xiuBuy.status).toBe('Submitted');

    // Second run: the resting buy fills just before its amendment arrives; IB refuses the amendment (104).
    gateway.beforeMessage = (fields) => {
      if (fields[0] === '3' && Number(fields[1]) === xiuBuy.orderId && xiuBuy.status !== 'Filled') gateway!.fillOrder(xiuBuy.orderId);
    };
    const placedBefore = gateway.placed.length;
    const second = await runIn(config);
    expect(second.problems).toEqual([]);
    expect(xiuBuy.status).toBe('Filled');
    // The fill of the first run's order is in the second run's fills, and no new XIU order is sent: only the refused amendment, under the same id.
    expect(second.fills).toBeGreaterThanOrEqual(1);
    expect(gateway.placed.slice(placedBefore).filter((p) => p.contract.symbol === 'XIU').map((p) => p.orderId)).toEqual([xiuBuy.orderId]);
    expect(gateway.messageCount(4)).toBe(0);
    const trades = readFileSync(join(dir, 'state', 'trades.csv'), 'utf8');
    expect(trades).toContain(`${first.runId}:XIU`);
  });
});
