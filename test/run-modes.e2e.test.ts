import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autofolio, type RunJson } from './cli.js';
import { query } from './state-db.js';



function outbox(dir: string): string[] {
  const folder = join(dir, 'state', 'outbox');
  return existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.eml')).map((f) => readFileSync(join(folder, f), 'utf8')) : [];
}

describe('dry runs, end-of-day runs and failing runs', () => {
  let dir: string;
  let config: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-modes-'));
    expect((await autofolio(['init', dir])).code).toBe(0);
    config = join(dir, 'autofolio.yaml');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--dry-run plans, checks and writes the order file, but sends nothing', async () => {
    const dry = await autofolio(['run', '--dry-run', '--json', '--config', config]);
    expect(dry.code, dry.stderr).toBe(0);
    const result = JSON.parse(dry.stdout) as RunJson;
    expect(result.ordersPlanned).toBeGreaterThan(5);
    expect(result.ordersSent).toBe(0);
    expect(result.fills).toBe(0);
    // Every planned order buys from cash, except the USDCAD sell that funds the XIU buy.
    const planned = readFileSync(result.orderFile!, 'utf8').split('\n');
    expect(planned.filter((l) => l.includes(',BUY,'))).toHaveLength(result.ordersPlanned - 1);
    expect(planned.filter((l) => l.startsWith('USDCAD,SELL,'))).toHaveLength(1);
    expect(query(dir, "select * from orders where status != 'planned'")).toEqual([]);
    const send = query<{ outcome: string; error: string }>(dir, "select outcome, error from journal where step = 'send-orders'");
    expect(send).toEqual([{ outcome: 'skipped', error: 'dry run' }]);
  });

  it('the end-of-day run trades nothing and commits the day’s snapshot and trades to the daily tables', async () => {
    const trade = JSON.parse((await autofolio(['run', '--json', '--config', config])).stdout) as RunJson;
    expect(trade.fills).toBeGreaterThan(0);
    const eod = await autofolio(['run', '--end-of-day', '--json', '--config', config]);
    expect(eod.code, eod.stderr + eod.stdout).toBe(0);
    const result = JSON.parse(eod.stdout) as RunJson;
    expect(result.ordersPlanned).toBe(0);
    const daily = query<{ date: string; run_id: string }>(dir, 'select date, run_id from daily_snapshots');
    expect(daily).toEqual([{ date: '2025-11-14', run_id: result.runId }]);
    const trades = query<{ n: number }>(dir, "select count(*) as n from trades where date = '2025-11-14'");
    expect(trades[0]!.n).toBe(trade.fills);
    expect(query<{ eod: string | null }>(dir, 'select eod_committed_at as eod from days')[0]!.eod).not.toBeNull();
    // Committing again changes nothing: the end-of-day job is idempotent.
    expect((await autofolio(['run', '--end-of-day', '--config', config])).code).toBe(0);
    expect(query<{ n: number }>(dir, 'select count(*) as n from trades')[0]!.n).toBe(trade.fills);
  });

  it('a malformed forecast from an external model ends the run with exit 1, no order, and an alert naming the line', async () => {
    const yaml = readFileSync(config, 'utf8').replace(/strategy:\n {2}kind: inverse-vol[\s\S]*?maxLeverage: 1.5\n/, 'strategy:\n  kind: external\n');
    writeFileSync(config, yaml);
    const asOf = '2025-11-14T20:30:00Z';
    mkdirSync(join(dir, 'state'));
    writeFileSync(join(dir, 'state', 'forecast.csv'), `symbol,weight,leverage,as_of,source\nSPY,0.5,1,${asOf},model\nQQQ,abc,1,${asOf},model\n`);
    const run = await autofolio(['run', '--json', '--config', config]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as RunJson;
    expect(result.ordersSent).toBe(0);
    expect(result.problems.join('\n')).toMatch(/forecast\.csv:3/);
    expect(query(dir, 'select * from orders')).toEqual([]);
    const mails = await Promise.all(outbox(dir).map((m) => simpleParser(m)));
    const alerts = mails.filter((m) => m.subject?.startsWith('[autofolio] ERROR PAPER-1 read-forecast:'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain('forecast.csv:3');
  });

  it('a config error names the file and field and exits 1 before anything is recorded', async () => {
    writeFileSync(config, readFileSync(config, 'utf8').replace('maxOrders: 40', 'maxOrders: lots'));
    const run = await autofolio(['run', '--config', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/autofolio\.yaml:\d+: risk\.maxOrders:/);
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });
});
