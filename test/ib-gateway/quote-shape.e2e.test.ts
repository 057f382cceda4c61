import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAccount } from '../../src/app/open-account.js';
import { runOnce } from '../../src/app/run-once.js';
import { loadConfig } from '../../src/config/load.js';
import { TRADING_TIME, ibAccountDir } from './account-dir.js';
import { defaultGatewayState, type GatewayState } from './gateway-state.js';
import { SPY, startRig, type Rig } from './harness.js';
import { StandInGateway } from './stand-in-gateway.js';

describe('quotes without a book, through the stand-in IB gateway', () => {
  let rig: Rig | undefined;
  let gateway: StandInGateway | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await rig?.stop();
    await gateway?.stop();
    rig = gateway = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a close price only is refused as no quote, never stamped with the current time', async () => {
    rig = await startRig((s) => (s.instruments.get('SPY')!.snapshot = 'close-only'));
    const broker = rig.broker();
    await broker.connect();
    await expect(broker.quote(SPY)).rejects.toMatchObject({ code: 'no-quote', message: expect.stringMatching(/quote of SPY: .*only a last or close price, with no bid\/ask and no time it is from: refused as no quote/) });
  });

  it('a last price with the time of its trade keeps that time and is marked price-only', async () => {
    const tradedAt = Date.parse('2024-01-02T20:59:00Z');
    rig = await startRig((s) => (s.instruments.get('SPY')!.snapshot = { lastTradeAt: tradedAt }));
    const broker = rig.broker();
    await broker.connect();
    expect((await broker.quote(SPY)).quote).toEqual({ symbol: 'SPY', bid: 100, ask: 100, last: 100, time: tradedAt, priceOnly: 'last' });
  });

  async function runOn(script: (s: GatewayState) => void) {
    const state = defaultGatewayState();
    state.positions.set('SPY', { quantity: 600, avgCost: 95 });
    script(state);
    gateway = new StandInGateway(state);
    ({ dir } = ibAccountDir(await gateway.start()));
    const account = await openAccount(loadConfig(join(dir, 'autofolio.yaml')));
    try {
      return await runOnce(account, { purpose: 'trade', dryRun: false });
    } finally {
      await account.close();
    }
  }

  it('a run whose quote has a close price only sends nothing and says why', async () => {
    const result = await runOn((s) => (s.instruments.get('SPY')!.snapshot = 'close-only'));
    expect(result.outcome).toBe('error');
    expect(result.problems.join('\n')).toMatch(/read-account: .*quote of SPY: .*refused as no quote/);
    expect(gateway!.placed).toEqual([]);
  });

  it('a run whose quote is a last price only, even a recent one, is refused by the stale-quote check with the reason', async () => {
    const result = await runOn((s) => (s.instruments.get('SPY')!.snapshot = { lastTradeAt: Date.parse(TRADING_TIME) - 60_000 }));
    expect(result.outcome).toBe('blocked');
    expect(result.problems.join('\n')).toMatch(/SPY: no bid\/ask, only a last price from 2024-01-03T14:59:00\.000Z: no quote to trade on/);
    expect(gateway!.placed).toEqual([]);
  });
});
