import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofolio, type RunJson } from './cli.js';
import { query } from './state-db.js';

const STEPS = ['connect', 'recover', 'generate-forecast', 'read-account', 'reconcile', 'read-forecast', 'plan-orders', 'risk-gate', 'amend-open-orders', 'send-orders', 'collect-fills', 'snapshot', 'notify', 'end-of-day', 'disconnect'];



function tradeRows(dir: string): string[][] {
  const lines = readFileSync(join(dir, 'state', 'trades.csv'), 'utf8').trim().split('\n');
  return lines.map((l) => l.split(','));
}

describe('autofolio run, as a child process on the paper broker and the sample data', () => {
  let dir: string;
  let config: string;
  let first: RunJson;
  let second: RunJson;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-e2e-'));
    const init = await autofolio(['init', dir]);
    expect(init.code, init.stderr).toBe(0);
    config = join(dir, 'autofolio.yaml');
    const a = await autofolio(['run', '--config', config, '--json']);
    expect(a.code, a.stderr + a.stdout).toBe(0);
    first = JSON.parse(a.stdout) as RunJson;
    const b = await autofolio(['run', '--config', config, '--json']);
    expect(b.code, b.stderr + b.stdout).toBe(0);
    second = JSON.parse(b.stdout) as RunJson;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the first run plans, sends and fills orders, and writes the order file before sending', () => {
    expect(first.outcome).toBe('ok');
    expect(first.ordersSent).toBeGreaterThan(5);
    expect(first.ordersSent).toBe(first.ordersPlanned);
    expect(first.fills).toBeGreaterThanOrEqual(first.ordersSent);
    const orderFile = readFileSync(first.orderFile!, 'utf8').trim().split('\n');
    expect(orderFile[0]).toMatch(/^symbol,action,quantity,limit_price,reference_price,tag/);
    const lines = orderFile.slice(1).map((l) => l.split(','));
    // From cash alone every stock order buys; the last order sells USD for the CAD that the XIU buy costs (no fxHedge: CAD ratio 0).
    expect(lines.filter((l) => l[1] === 'BUY' && l[0] !== 'USDCAD')).toHaveLength(first.ordersSent - 1);
    expect(lines.filter((l) => l[1] !== 'NONE').at(-1)!.slice(0, 2)).toEqual(['USDCAD', 'SELL']);
    const orders = query<{ tag: string; status: string; sent_at: string; planned_at: string }>(dir, 'select tag, status, sent_at, planned_at from orders where run_id = ?', first.runId);
    expect(orders).toHaveLength(first.ordersSent);
    for (const o of orders) {
      expect(o.tag.startsWith(`${first.runId}:`)).toBe(true);
      expect(o.status).toBe('filled');
      expect(o.sent_at >= o.planned_at).toBe(true);
    }
  });

  it('the trades CSV, the fills table and the snapshot agree, one row per fill', () => {
    const rows = tradeRows(dir);
    expect(rows[0]).toEqual(['time', 'runId', 'tag', 'symbol', 'side', 'quantity', 'price', 'commission', 'currency', 'execId']);
    const fills = query<{ exec_id: string; quantity: number; price: number }>(dir, 'select exec_id, quantity, price from fills order by exec_id');
    expect(rows.length - 1).toBe(fills.length);
    expect(new Set(rows.slice(1).map((r) => r[9])).size).toBe(fills.length);
    expect(new Set(fills.map((f) => f.exec_id))).toEqual(new Set(rows.slice(1).map((r) => r[9])));
    expect(rows.slice(1).some((r) => r[8] === 'CAD')).toBe(true);
    const snapshots = query<{ run_id: string; nlv: number; gross_leverage: number; json: string }>(dir, 'select run_id, nlv, gross_leverage, json from snapshots order by time, run_id');
    expect(snapshots.map((s) => s.run_id).sort()).toEqual([first.runId, second.runId].sort());
    const snapshotFiles = readdirSync(join(dir, 'state', 'snapshots'), { recursive: true }).filter((f) => String(f).endsWith('.json'));
    expect(snapshotFiles).toHaveLength(2);
    const firstSnapshot = JSON.parse(snapshots.find((s) => s.run_id === first.runId)!.json) as { nlv: number; positions: { symbol: string; quantity: number }[]; trades: unknown[] };
    expect(firstSnapshot.trades).toHaveLength(first.fills);
    expect(firstSnapshot.positions.length).toBeGreaterThan(5);
    expect(firstSnapshot.nlv).toBeGreaterThan(990_000);
    expect(firstSnapshot.nlv).toBeLessThan(1_010_000);
  });

  it('the second run with unchanged targets sends no order', () => {
    expect(second.outcome).toBe('ok');
    expect(second.ordersSent).toBe(0);
    expect(second.fills).toBe(0);
    expect(query(dir, 'select * from orders where run_id = ?', second.runId)).toHaveLength(0);
  });

  it('the journal records every step of both runs', () => {
    for (const run of [first, second]) {
      const steps = query<{ step: string; outcome: string }>(dir, 'select step, outcome from journal where run_id = ? order by id', run.runId);
      expect(steps.map((s) => s.step)).toEqual(STEPS);
      expect(steps.filter((s) => s.outcome === 'error' || s.outcome === 'blocked')).toEqual([]);
    }
    const runs = query<{ id: string; outcome: string; orders_sent: number }>(dir, 'select id, outcome, orders_sent from runs order by rowid');
    expect(runs.map((r) => r.outcome)).toEqual(['ok', 'ok']);
  });

  it('status --json describes the account, the last run and where the files are', async () => {
    const status = await autofolio(['status', '--json', '--config', config]);
    expect(status.code, status.stderr).toBe(0);
    const parsed = JSON.parse(status.stdout) as { account: { nlv: number; baseCurrency: string; cash: Record<string, number>; grossLeverage: number }; positions: { symbol: string; quantity: number; avgCost: number; marketValue: number }[]; lastRun: { id: string; outcome: string; orders: number; fills: number }; halted: boolean; paths: Record<string, string> };
    expect(parsed.account.baseCurrency).toBe('USD');
    expect(Object.keys(parsed.account.cash).sort()).toEqual(['CAD', 'USD']);
    expect(parsed.account.grossLeverage).toBeGreaterThan(0.5);
    expect(parsed.positions.find((p) => p.symbol === 'XIU')?.quantity).toBeGreaterThan(0);
    expect(parsed.lastRun).toMatchObject({ id: second.runId, outcome: 'ok', orders: 0, fills: 0 });
    expect(parsed.halted).toBe(false);
    for (const key of ['orders', 'trades', 'snapshots', 'database', 'outbox']) expect(existsSync(parsed.paths[key]!)).toBe(true);
  });

  it('the outbox holds the session digest as a real e-mail', () => {
    const mails = readdirSync(join(dir, 'state', 'outbox')).filter((f) => f.endsWith('.eml'));
    expect(mails.length).toBeGreaterThanOrEqual(1);
    const digest = readFileSync(join(dir, 'state', 'outbox', mails.find((m) => m.includes('digest'))!), 'utf8');
    expect(digest).toMatch(/^Subject: \[autofolio\] PAPER-1 session/m);
  });
});

describe('the kill switch and the single-run lock', () => {
  let dir: string;
  let config: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-e2e-halt-'));
    expect((await autofolio(['init', dir])).code).toBe(0);
    config = join(dir, 'autofolio.yaml');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a run while halted exits 2 and sends nothing; resume lets the next run trade', async () => {
    const halt = await autofolio(['halt', '--reason', 'testing the switch', '--config', config]);
    expect(halt.code, halt.stderr).toBe(0);
    const blocked = await autofolio(['run', '--json', '--config', config]);
    expect(blocked.code).toBe(2);
    const result = JSON.parse(blocked.stdout) as RunJson;
    expect(result.outcome).toBe('blocked');
    expect(result.ordersSent).toBe(0);
    expect(result.ordersPlanned).toBeGreaterThan(0);
    expect(result.problems.join(' ')).toContain('testing the switch');
    expect(query(dir, "select * from orders where status != 'planned'")).toHaveLength(0);
    expect(existsSync(join(dir, 'state', 'trades.csv'))).toBe(false);
    const status = JSON.parse((await autofolio(['status', '--json', '--config', config])).stdout) as { halted: boolean };
    expect(status.halted).toBe(true);

    expect((await autofolio(['resume', '--config', config])).code).toBe(0);
    const resumed = await autofolio(['run', '--json', '--config', config]);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as RunJson).ordersSent).toBeGreaterThan(0);
    const switches = query<{ halted: number; reason: string | null }>(dir, 'select halted, reason from kill_switch order by id');
    expect(switches).toEqual([{ halted: 1, reason: 'testing the switch' }, { halted: 0, reason: null }]);
  });

  it('a HALT file in the state folder blocks runs too', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'state', 'HALT'), 'maintenance');
    const blocked = await autofolio(['run', '--json', '--config', config]);
    expect(blocked.code).toBe(2);
    expect((JSON.parse(blocked.stdout) as RunJson).problems.join(' ')).toContain('maintenance');
    expect((await autofolio(['resume', '--config', config])).code).toBe(0);
    expect(existsSync(join(dir, 'state', 'HALT'))).toBe(false);
  });

  it('of two runs started together, one runs and the other exits at once with the lock message', async () => {
    // Both pause 1.5 s inside their first step, so whichever takes the lock still holds it
    // when the other starts.
    const env = { AUTOFOLIO_FAULT: 'step:connect~1500' };
    const [a, b] = await Promise.all([autofolio(['run', '--json', '--config', config], { env }), autofolio(['run', '--json', '--config', config], { env })]);
    const results = [a, b].sort((x, y) => (x.code ?? 9) - (y.code ?? 9));
    expect(results.map((r) => r.code)).toEqual([0, 2]);
    expect(results[1]!.stderr).toMatch(/another run .* holds the lock/);
    expect(results[1]!.stdout).toBe('');
    const running = query<{ n: number }>(dir, "select count(*) as n from runs where outcome = 'running'");
    expect(running[0]!.n).toBe(0);
  });
});
