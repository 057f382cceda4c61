import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofolio, type RunJson } from '../cli.js';
import { ibAccountDir } from './account-dir.js';
import { defaultGatewayState } from './gateway-state.js';
import { StandInGateway } from './stand-in-gateway.js';


describe('autofolio run on IB: killed after sending, then run again', () => {
  let gateway: StandInGateway;
  let dir: string;
  let config: string;
  let crashed: Awaited<ReturnType<typeof autofolio>>;
  let rerun: RunJson;
  let placedByCrashedRun: number;

  beforeAll(async () => {
    const state = defaultGatewayState();
    state.positions.set('SPY', { quantity: 600, avgCost: 95 });
    gateway = new StandInGateway(state);
    const port = await gateway.start();
    ({ dir, config } = ibAccountDir(port));
    // The process dies by SIGKILL between sending the orders and collecting their fills.
    crashed = await autofolio(['run', '--config', config, '--json'], { env: { AUTOFOLIO_FAULT: 'step:collect-fills' } });
    placedByCrashedRun = gateway.placed.length;
    const again = await autofolio(['run', '--config', config, '--json']);
    expect(again.code, again.stderr + again.stdout).toBe(0);
    rerun = JSON.parse(again.stdout) as RunJson;
  });

  afterAll(async () => {
    await gateway.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the first run was killed after its orders reached IB', () => {
    expect(crashed.signal).toBe('SIGKILL');
    expect(placedByCrashedRun).toBe(2);
    expect([...gateway.state.orders.values()].every((o) => o.status === 'Filled')).toBe(true);
  });

  it('the rerun sends nothing twice: the account is at its targets, so it sends nothing at all', () => {
    expect(rerun.outcome).toBe('ok');
    expect(rerun.ordersSent).toBe(0);
    expect(gateway.placed).toHaveLength(placedByCrashedRun);
  });

  it('the rerun records every fill of the crashed run once, matched by orderRef, in the database and the trades CSV', () => {
    const db = new Database(join(dir, 'state', 'autofolio.sqlite'), { readonly: true });
    try {
      const fills = db.prepare('select exec_id, tag, recorded_by_run from fills order by exec_id').all() as { exec_id: string; tag: string; recorded_by_run: string }[];
      expect(fills.map((f) => f.exec_id)).toEqual(gateway.state.executions.map((e) => e.execId));
      expect(fills.every((f) => f.recorded_by_run === rerun.runId)).toBe(true);
      expect(new Set(fills.map((f) => f.tag))).toEqual(new Set(gateway.placed.map((p) => p.orderRef)));
      const next = db.prepare("select value from key_values where key = 'ib.next-order-id'").get() as { value: string };
      expect(Number(next.value)).toBeGreaterThan(Math.max(...gateway.placed.map((p) => p.orderId)));
    } finally {
      db.close();
    }
    const rows = readFileSync(join(dir, 'state', 'trades.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows.map((r) => r.split(',')[9]).sort()).toEqual(gateway.state.executions.map((e) => e.execId).sort());
  });
});
