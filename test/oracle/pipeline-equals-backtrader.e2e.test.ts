import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadColumnarFolder } from '../../src/data/columnar/columnar-folder.js';
import { autofolio } from '../cli.js';
import { alignPanel } from './aligned-panel.js';
import { backtraderAccount } from './backtrader-data.js';
import { BACKTRADER_DEFAULTS, runBacktraderCompat } from './backtrader-kernel.js';

interface BacktestJson {
  readonly finalEquity: number;
  readonly orders: readonly { readonly symbol: string; readonly side: string; readonly quantity: number; readonly status: string }[];
  readonly fills: readonly { readonly symbol: string; readonly side: string; readonly quantity: number; readonly price: number }[];
}

describe('backtest with conventions: backtrader', () => {
  let dir: string;
  let symbols: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-oracle-'));
    ({ symbols } = backtraderAccount(dir, 12, 600, 20_240_101));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the issue\'s command and equals backtrader\'s arithmetic to 1e-5', async () => {
    const run = await autofolio(['backtest', '--config', join(dir, 'autofolio.yaml'), '--rebalance', 'every:21', '--json'], { cwd: dir });
    expect(run.stderr.replace(/\r?[^\n]*backtest[^\n]*\r?/g, '')).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as BacktestJson;

    const folder = loadColumnarFolder(join(dir, 'data'), symbols, { cacheDir: join(dir, 'oracle-cache') });
    const oracle = runBacktraderCompat(alignPanel(folder.series), BACKTRADER_DEFAULTS);

    // The same trades, one for one: the first signal at bar 60, then every 21 bars, sells first.
    const trades = (list: readonly { symbol: string; side: string; quantity: number }[]) => list.map((t) => `${t.symbol} ${t.side} ${t.quantity}`);
    expect(trades(result.fills)).toEqual(trades(oracle.fills));
    expect(result.fills.map((f) => f.price)).toEqual(oracle.fills.map((f) => f.price));
    // The orders of the last signal, if it fell on the last bar, stay unfilled in both.
    expect(result.orders.length).toBe(oracle.orders.length);
    expect(oracle.fills.length).toBeGreaterThan(100);
    expect(Math.abs(result.finalEquity / oracle.finalEquity - 1)).toBeLessThan(1e-5);
  });
});
