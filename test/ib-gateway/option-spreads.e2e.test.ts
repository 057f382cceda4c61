import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofolio, type RunJson } from '../cli.js';
import { spreadAccountDir } from './account-dir.js';
import { OUT, type PlaceOrderFields } from './client-messages.js';
import { defaultGatewayState, optionKey } from './gateway-state.js';
import { StandInGateway } from './stand-in-gateway.js';

describe('a straddle on IB: one BAG order at the wire, killed after sending, run again', () => {
  let gateway: StandInGateway;
  let dir: string;
  let config: string;
  let crashed: Awaited<ReturnType<typeof autofolio>>;
  let rerun: RunJson;
  let combos: PlaceOrderFields[];

  beforeAll(async () => {
    const state = defaultGatewayState();
    state.positions.clear();
    // 2024-01-12 is 9 days after the run, 2024-02-09 the first expiry at least 25 days away.
    state.optionChains.set('SPY', { expirations: ['20240112', '20240209', '20240315'], strikes: [90, 95, 100, 105, 110], multiplier: 100 });
    gateway = new StandInGateway(state);
    const port = await gateway.start();
    ({ dir, config } = spreadAccountDir(port));
    crashed = await autofolio(['run', '--config', config, '--json'], { env: { AUTOFOLIO_FAULT: 'step:collect-fills' } });
    combos = gateway.placed.filter((p) => p.contract.secType === 'BAG');
    const again = await autofolio(['run', '--config', config, '--json']);
    expect(again.code, again.stderr + again.stdout).toBe(0);
    rerun = JSON.parse(again.stdout) as RunJson;
  });

  afterAll(async () => {
    await gateway.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the chain is read once, from reqSecDefOptParams for SPY by its conId', () => {
    const requests = gateway.state.received.filter((m) => m.fields[0] === String(OUT.REQ_SEC_DEF_OPT_PARAMS));
    expect(requests).toHaveLength(1);
    expect(requests[0]!.fields.slice(2)).toEqual(['SPY', '', 'STK', '756733']);
  });

  it('sends one BAG PLACE_ORDER: legs are the chosen call and put by conId, ratio 1, BUY, SMART; LMT at a net price on the tick; the orderRef', () => {
    expect(crashed.signal).toBe('SIGKILL');
    expect(gateway.placed).toHaveLength(1);
    expect(combos).toHaveLength(1);
    const [order] = combos;
    const call = gateway.state.instruments.get(optionKey('SPY', '20240209', 'C', 100))!;
    const put = gateway.state.instruments.get(optionKey('SPY', '20240209', 'P', 100))!;
    expect(order!.contract).toMatchObject({ symbol: 'SPY', secType: 'BAG', exchange: 'SMART', currency: 'USD', lastTradeDateOrContractMonth: '', strike: '', right: '' });
    expect(order!.comboLegs).toEqual([
      { conId: call.contract.conId, ratio: 1, action: 'BUY', exchange: 'SMART', openClose: '0', shortSaleSlot: '0', designatedLocation: '', exemptCode: '-1' },
      { conId: put.contract.conId, ratio: 1, action: 'BUY', exchange: 'SMART', openClose: '0', shortSaleSlot: '0', designatedLocation: '', exemptCode: '-1' },
    ]);
    expect(order!.orderComboLegPrices).toEqual([]);
    expect(order!.smartComboRoutingParams).toEqual([]);
    expect(order!.action).toBe('BUY');
    expect(order!.totalQuantity).toBe(2);
    expect(order!.orderType).toBe('LMT');
    // Each leg is 1.95 / 2.05: the net ask of one straddle is 4.10, the far touch the limit goes to.
    expect(order!.lmtPrice).toBe('4.1');
    expect(order!.tif).toBe('DAY');
    expect(order!.account).toBe('DU111111');
    expect(order!.orderRef).toMatch(/^r-[0-9A-Za-z-]+:spy-straddle$/);
    expect(order!.transmit).toBe(true);
    expect(order!.algoStrategy).toBe('');
    expect(order!.whatIf).toBe(false);
  });

  it('the rerun sends nothing: it finds the combo’s leg executions by orderRef and holds the spread', () => {
    expect(rerun.outcome).toBe('ok');
    expect(rerun.ordersSent).toBe(0);
    expect(gateway.placed).toHaveLength(1);
  });

  it('records each leg execution once, with multiplier 100 in the ledger, and not the BAG’s own execution', () => {
    const db = new Database(join(dir, 'state', 'autofolio.sqlite'), { readonly: true });
    try {
      const fills = db.prepare('select exec_id, tag, symbol, quantity from fills order by symbol').all() as { exec_id: string; tag: string; symbol: string; quantity: number }[];
      const legs = gateway.state.executions.filter((e) => e.contract?.secType === 'OPT');
      expect(gateway.state.executions).toHaveLength(3);
      expect(fills.map((f) => f.exec_id).sort()).toEqual(legs.map((e) => e.execId).sort());
      expect(fills.map((f) => [f.symbol, f.quantity, f.tag])).toEqual([
        ['SPY-20240209-C-100', 2, combos[0]!.orderRef],
        ['SPY-20240209-P-100', 2, combos[0]!.orderRef],
      ]);
      const entries = db.prepare("select symbol, multiplier from ledger_entries where kind = 'fill' order by symbol").all();
      expect(entries).toEqual([{ symbol: 'SPY-20240209-C-100', multiplier: 100 }, { symbol: 'SPY-20240209-P-100', multiplier: 100 }]);
    } finally {
      db.close();
    }
  });
});
