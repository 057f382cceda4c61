import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ibAccountDir, runIn } from './account-dir.js';
import { OUT } from './client-messages.js';
import { defaultGatewayState } from './gateway-state.js';
import { StandInGateway } from './stand-in-gateway.js';

describe('a fill that lands between the recovery and the account read', () => {
  let gateway: StandInGateway | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await gateway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is recorded and booked before the ledger is compared: no mismatch, nothing blocked', async () => {
    const state = defaultGatewayState();
    state.positions.set('SPY', { quantity: 600, avgCost: 95 });
    // The XIU buy of the first run rests unfilled when that run ends.
    state.instruments.get('XIU')!.fill = 'never';
    gateway = new StandInGateway(state);
    const port = await gateway.start();
    let config: string;
    ({ dir, config } = ibAccountDir(port));
    const first = await runIn(config);
    expect(first.problems).toEqual([]);
    const resting = [...state.orders.values()].find((o) => o.contract.symbol === 'XIU' && o.status === 'Submitted');
    expect(resting).toBeDefined();

    // The next run recovers (nothing new); the market fills the resting buy after the
    // recovery, as the account is being read.
    let filledInRace = false;
    gateway.beforeMessage = (fields) => {
      if (!filledInRace && Number(fields[0]) === OUT.REQ_ACCOUNT_DATA && fields[2] === '1') {
        filledInRace = true;
        gateway!.fillOrder(resting!.orderId);
      }
    };
    const second = await runIn(config);
    expect(filledInRace).toBe(true);
    expect(second.problems.filter((p) => p.startsWith('reconcile'))).toEqual([]);
    expect(second.outcome).not.toBe('error');
    expect(second.fills).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
