import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadColumnarFolder } from '../../src/data/columnar/columnar-folder.js';
import { mulberry32, normalSource } from '../../src/data/sample/prng.js';
import { autofolio } from '../cli.js';
import { alignPanel } from './aligned-panel.js';
import { BACKTRADER_DEFAULTS, runBacktraderCompat } from './backtrader-kernel.js';

const DAY = 86_400_000;

/** Monday–Friday dates from 2015-01-05, US holidays included, as backtrader's sample files have them. */
function weekdays(count: number): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(2015, 0, 5); days.length < count; t += DAY) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** Random walks in backtrader's CSV layout, with gaps at the open and high/low around the body. */
function writeData(dir: string, symbols: readonly string[], bars: number, seed: number): void {
  const days = weekdays(bars);
  const uniform = mulberry32(seed);
  const normal = normalSource(uniform);
  for (const symbol of symbols) {
    const vol = (0.15 + 0.3 * uniform()) / Math.sqrt(252);
    let price = 20 + 200 * uniform();
    const rows = ['Date,Open,High,Low,Close,Volume,OpenInterest'];
    for (const day of days) {
      const open = Math.max(1, Math.round(price * Math.exp(0.3 * vol * normal()) * 100) / 100);
      const close = Math.max(1, Math.round(open * Math.exp(0.0002 + 0.95 * vol * normal()) * 100) / 100);
      const high = Math.ceil(Math.max(open, close) * 1.004 * 100) / 100;
      const low = Math.floor(Math.min(open, close) * 0.996 * 100) / 100;
      rows.push(`${day},${open.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${close.toFixed(2)},${Math.round(100_000 + 5_000_000 * uniform())},0`);
      price = close;
    }
    writeFileSync(join(dir, `${symbol}.csv`), `${rows.join('\n')}\n`);
  }
}

/** The issue's config, word for word but for the data folder and the instruments. */
function issueConfig(dataDir: string, symbols: readonly string[]): string {
  return `account: { id: BT-1, baseCurrency: USD }
clock: data
dataDir: ${dataDir}
stateDir: state
broker: { kind: paper, initialCash: { USD: 1000000 }, spreadBps: 0, maxVolumeShare: 1 }
instruments:
${symbols.map((s) => `  - { symbol: ${s}, currency: USD, exchange: XNYS }`).join('\n')}
strategy: { kind: inverse-vol, lookbackDays: 60, grossExposure: 0.98 }
risk: { maxGrossLeverage: 2, maxWeight: 1, maxOrderValuePct: 100, maxOrders: 10000, dailyLossLimitPct: 100, priceBandBps: 5000 }
notify: { to: owner@example.com, from: autofolio@localhost }
backtest: { conventions: backtrader, commission: { model: fraction, rate: 0.0005 } }
`;
}

interface BacktestJson {
  readonly finalEquity: number;
  readonly orders: readonly { readonly symbol: string; readonly side: string; readonly quantity: number; readonly status: string }[];
  readonly fills: readonly { readonly symbol: string; readonly side: string; readonly quantity: number; readonly price: number }[];
}

describe('backtest with conventions: backtrader', () => {
  let dir: string;
  const symbols = Array.from({ length: 12 }, (_, i) => `S${String(i).padStart(3, '0')}`);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-oracle-'));
    mkdirSync(join(dir, 'data'));
    writeData(join(dir, 'data'), symbols, 600, 20_240_101);
    writeFileSync(join(dir, 'autofolio.yaml'), issueConfig('data', symbols));
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
