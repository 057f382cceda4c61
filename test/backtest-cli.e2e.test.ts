import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADLINE_KEYS } from '../src/analytics/compute-metrics.js';
import { autofolio } from './cli.js';
import { backtraderAccount } from './oracle/backtrader-data.js';

interface BacktestJson {
  finalEquity: number;
  orders: { time: number; symbol: string; side: string; quantity: number; status: string }[];
  fills: { time: number; symbol: string; side: string; quantity: number; price: number; commission: number }[];
  [key: string]: unknown;
}

describe('autofolio backtest with a config, as a child process', () => {
  let dir: string;
  let data: string;
  let config: string;
  let first: BacktestJson;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-bt-cli-'));
    ({ configFile: config, dataDir: data } = backtraderAccount(dir, 4, 200, 11));
    const run = await autofolio(['backtest', '--config', config, '--rebalance', 'every:21', '--json', '--report', join(dir, 'report.html')]);
    expect(run.code, run.stderr).toBe(0);
    first = JSON.parse(run.stdout) as BacktestJson;
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the metrics of report --json, then finalEquity, orders and fills', () => {
    for (const key of HEADLINE_KEYS) expect(first).toHaveProperty(key);
    expect(Object.keys(first).slice(0, HEADLINE_KEYS.length)).toEqual([...HEADLINE_KEYS]);
    // 200 bars: signals at bars 60, 81, …, 186 (7); each rebalances the 4 symbols.
    expect(first.orders.length).toBeGreaterThan(10);
    expect(first.fills.length).toBe(first.orders.filter((o) => o.status === 'filled').length);
    const cash = first.fills.reduce((c, f) => c + (f.side === 'BUY' ? -1 : 1) * f.quantity * f.price - f.commission, 1_000_000);
    expect(first.finalEquity).toBeGreaterThan(cash);
    // Commission is 0.0005 of the value, kept in cents as the paper broker books cash.
    for (const fill of first.fills) expect(fill.commission).toBeCloseTo(Math.round(0.0005 * fill.quantity * fill.price * 100) / 100, 9);
  });

  it('writes a self-contained HTML report with the fills', () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<h2>Trades</h2>');
    expect(html).toContain(`<details><summary>All fills: ${first.fills.length}</summary>`);
    expect(html).toContain(`<details><summary>All orders: ${first.orders.length}</summary>`);
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('gives the same answer from the columnar cache, and a new one after a CSV changes', async () => {
    expect(existsSync(join(data, '.autofolio-cache'))).toBe(true);
    const again = await autofolio(['backtest', '--config', config, '--rebalance', 'every:21', '--json']);
    expect(JSON.parse(again.stdout)).toEqual(first);
    const file = join(data, 'S001.csv');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    // Double every price of the last bar: the last fills and the final equity must move.
    const fields = lines.at(-1)!.split(',');
    lines[lines.length - 1] = [fields[0], ...fields.slice(1, 5).map((v) => (Number(v) * 2).toFixed(2)), ...fields.slice(5)].join(',');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const changed = JSON.parse((await autofolio(['backtest', '--config', config, '--rebalance', 'every:21', '--json'])).stdout) as BacktestJson;
    expect(changed.finalEquity).not.toBe(first.finalEquity);
  }, 180_000);

  it('runs a sweep: one row per combination, sorted by the chosen metric, and no progress bar off a terminal', async () => {
    const run = await autofolio(['backtest', '--config', config, '--rebalance', 'every:21', '--sweep', 'lookback=20,40,60', '--sweep', 'grossExposure=0.5,0.98', '--sort-by', 'finalEquity', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('\r');
    const rows = JSON.parse(run.stdout) as { params: { lookback: number; grossExposure: number }; finalEquity: number }[];
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => `${r.params.lookback}/${r.params.grossExposure}`)).size).toBe(6);
    expect(rows.map((r) => r.finalEquity)).toEqual([...rows.map((r) => r.finalEquity)].sort((a, b) => b - a));
    const sixty = rows.find((r) => r.params.lookback === 60 && r.params.grossExposure === 0.98)!;
    const [single, table] = await Promise.all([
      autofolio(['backtest', '--config', config, '--rebalance', 'every:21', '--json']),
      autofolio(['backtest', '--config', config, '--rebalance', 'every:21', '--sweep', 'lookback=20,40']),
    ]);
    expect(sixty.finalEquity).toBeCloseTo((JSON.parse(single.stdout) as BacktestJson).finalEquity, 6);
    expect(table.stdout.trim().split('\n')).toHaveLength(3);
  }, 180_000);

  it('explains what is missing or wrong', async () => {
    const runs = await Promise.all([
      autofolio(['backtest', '--config', config, '--compat', 'backtrader']),
      autofolio(['backtest', '--config', config, '--rebalance', 'fortnightly']),
      autofolio(['backtest', '--config', config, '--from', '2015-13-01']),
      autofolio(['backtest', '--config', config, '--sweep', 'speed=1']),
      autofolio(['backtest', '--from', '2025-01-02', '--to', '2025-01-03', '--config', join(dir, 'missing.yaml')]),
      autofolio(['backtest', '--config', config, '--from', '2015-03-01', '--to', '2015-02-01']),
      autofolio(['backtest', '--config', config, '--to', '2015-02-02']),
    ]);
    const messages = ["unknown option '--compat'", 'use hourly, daily, weekly, monthly or every:N', 'YYYY-MM-DD', 'unknown parameter', 'cannot read the config file', 'is after --to', 'needs 61 dates of closes before its first forecast'];
    runs.forEach((run, i) => {
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(messages[i]);
    });
  }, 180_000);
});
