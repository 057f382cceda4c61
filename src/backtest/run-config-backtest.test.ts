import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initAccountFolder } from '../cli/init-command.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { lastBarAtOrBefore, windowOf } from '../data/bar-series.js';
import { parseBarsCsv } from '../data/csv/parse-bars-csv.js';
import { runConfigBacktest } from './run-config-backtest.js';

describe('a configured-strategy backtest', () => {
  let dir: string;
  let config: LoadedConfig;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-bt-config-'));
    config = loadConfig(await initAccountFolder(dir));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends each approved order at the next bar open with next-open-market, charging a fraction of value', async () => {
    const nextOpen = Object.freeze({ ...config, backtest: { fillModel: 'next-open-market', commission: { model: 'fraction', rate: 0.001 } } }) as LoadedConfig;
    const result = await runConfigBacktest({ config: nextOpen, fromDate: '2025-11-10', toDate: '2025-11-14', rebalance: { kind: 'daily' } });
    expect(result.fills.length).toBeGreaterThan(5);
    expect(result.orders.every((o) => o.type === 'market' && o.limitPrice === undefined)).toBe(true);
    const spy = windowOf(parseBarsCsv(readFileSync(join(dir, 'data', 'SPY.csv'), 'utf8'), 'SPY.csv'));
    const spyFills = result.fills.filter((f) => f.symbol === 'SPY');
    expect(spyFills.length).toBeGreaterThan(0);
    for (const fill of spyFills) {
      const order = result.orders.find((o) => o.tag === fill.tag)!;
      const bar = spy.bar(lastBarAtOrBefore(spy, order.time) + 1);
      // Placed by the run at 14:35, filled at the open of the next bar (15:30) ± half the
      // 2 bp spread, rounded to the tick away from the buyer.
      expect(bar.time).toBeGreaterThan(order.time);
      expect(fill.time).toBe(bar.time);
      expect(Math.abs(fill.price - bar.open)).toBeLessThanOrEqual(bar.open * 0.0001 + 0.01);
      expect(fill.commission).toBeCloseTo(Math.round(fill.quantity * fill.price * 0.001 * 100) / 100, 9);
    }
  });

  it('marks the account at every session close and trades limit orders by default', async () => {
    const result = await runConfigBacktest({ config, fromDate: '2025-11-10', toDate: '2025-11-14', rebalance: { kind: 'hourly' } });
    expect(result.equity.map((p) => new Date(p.time).toISOString())).toEqual(['10', '11', '12', '13', '14'].map((d) => `2025-11-${d}T21:00:00.000Z`));
    expect(result.orders.every((o) => o.type === 'limit' && o.limitPrice! > 0)).toBe(true);
    expect(result.finalEquity).toBe(result.equity.at(-1)!.equity);
  });
});
