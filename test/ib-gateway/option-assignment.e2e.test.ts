import { appendFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofolio, type RunJson } from '../cli.js';
import { spreadAccountDir, TRADING_TIME } from './account-dir.js';
import { defaultGatewayState } from './gateway-state.js';
import { settleOptionExpiry } from './option-expiry.js';
import { StandInGateway } from './stand-in-gateway.js';

/** Monday 8 January 2024, 15:00 UTC: the first session after the options expired on Friday the 5th. */
const MONDAY = '2024-01-08T15:00:00Z';

describe('a straddle on IB whose call is exercised at expiry', () => {
  let gateway: StandInGateway;
  let dir: string;
  let config: string;
  let opened: RunJson;
  let after: RunJson;
  let exercised: string[];
  let spyAfterExpiry: unknown;

  beforeAll(async () => {
    const state = defaultGatewayState();
    state.positions.clear();
    state.optionChains.set('SPY', { expirations: ['20240105', '20240209'], strikes: [90, 95, 100, 105, 110], multiplier: 100 });
    gateway = new StandInGateway(state);
    ({ dir, config } = spreadAccountDir(await gateway.start()));
    const forecast = (asOf: string, spreads: unknown[]) => writeFileSync(join(dir, 'state', 'forecast.json'), JSON.stringify({ asOf, source: 'my-model', leverage: 1, weights: { SPY: 0, XIU: 0 }, spreads }));
    forecast(TRADING_TIME, [{ name: 'spy-straddle', kind: 'straddle', underlying: 'SPY', expiry: '2024-01-05', strike: 'atm', quantity: 2 }]);
    const first = await autofolio(['run', '--config', config, '--json']);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    opened = JSON.parse(first.stdout) as RunJson;
    // Friday's close at 104: IB exercises the 100 call held (200 SPY bought at 100) and lets the put expire.
    exercised = settleOptionExpiry(gateway.state, 'SPY', '20240105', 104);
    spyAfterExpiry = { ...gateway.state.positions.get('SPY') };
    for (const file of readdirSync(join(dir, 'data'))) {
      const price = { 'SPY.csv': 100, 'XIU.csv': 30, 'USDCAD.csv': 1.35 }[file]!;
      appendFileSync(join(dir, 'data', file), `${MONDAY},${price},${price},${price},${price},100000\n`);
    }
    forecast(MONDAY, []);
    const second = await autofolio(['run', '--config', config, '--json']);
    after = JSON.parse(second.stdout) as RunJson;
  });

  afterAll(async () => {
    await gateway.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('IB reports the exercise as a position change and executions with no orderRef', () => {
    expect(opened.outcome).toBe('ok');
    expect(exercised).toEqual(['SPY 20240105 C 100']);
    expect(spyAfterExpiry).toEqual({ quantity: 200, avgCost: 100 });
    expect([...gateway.state.positions.keys()].filter((k) => k.includes('20240105'))).toEqual([]);
    expect(gateway.state.executions.filter((e) => e.order.orderRef === '').map((e) => [e.contract?.localSymbol ?? e.order.contract.localSymbol, e.side, e.shares, e.price])).toEqual([
      ['SPY 20240105 C 100', 'SLD', 2, 0],
      ['SPY', 'BOT', 200, 100],
    ]);
  });

  it('the next run reconciles clean: the ledger books the call exercised (closed at 0, 200 SPY bought at the strike) and the put expired', () => {
    expect(after.problems).toEqual([]);
    expect(after.outcome).toBe('ok');
    // The forecast wants no SPY: the run sells the 200 shares the exercise delivered.
    expect(gateway.placed.filter((p) => p.contract.symbol === 'SPY' && p.contract.secType === 'STK' && !p.whatIf).map((p) => [p.action, p.totalQuantity])).toEqual([['SELL', 200]]);
    const db = new Database(join(dir, 'state', 'autofolio.sqlite'), { readonly: true });
    try {
      const entries = db.prepare("select exec_id, symbol, quantity, price, amount_minor from ledger_entries where exec_id like 'expiry:%' or exec_id like 'exercise:%' order by id").all();
      expect(entries).toEqual([
        { exec_id: 'expiry:SPY-20240105-C-100', symbol: 'SPY-20240105-C-100', quantity: -2, price: 0, amount_minor: 0 },
        { exec_id: 'exercise:SPY-20240105-C-100', symbol: 'SPY', quantity: 200, price: 100, amount_minor: 2_000_000 },
        { exec_id: 'expiry:SPY-20240105-P-100', symbol: 'SPY-20240105-P-100', quantity: -2, price: 0, amount_minor: 0 },
      ]);
    } finally {
      db.close();
    }
  });

  it('autofolio reconcile agrees with the broker afterwards, and books nothing twice', async () => {
    const result = await autofolio(['reconcile', '--config', config]);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const db = new Database(join(dir, 'state', 'autofolio.sqlite'), { readonly: true });
    try {
      expect(db.prepare("select count(*) as n from ledger_entries where exec_id like 'expiry:%' or exec_id like 'exercise:%'").get()).toEqual({ n: 3 });
    } finally {
      db.close();
    }
  });
});
