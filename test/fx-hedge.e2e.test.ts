import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { autofolio } from './cli.js';

interface FxRow {
  readonly currency: string;
  readonly assets: number;
  readonly cash: number;
  readonly exposure: number;
  readonly target: number;
  readonly ratio: number;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** `autofolio init`, the hedge appended to its starter config, then `autofolio run` twice on the paper broker. */
async function hedgedAccount(fxHedge: string): Promise<{ dir: string; fx: FxRow; nlv: number; cash: Record<string, number>; runs: { ordersSent: number; orderFile?: string }[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'autofolio-fx-'));
  dirs.push(dir);
  const init = await autofolio(['init', dir]);
  expect(init.code, init.stderr).toBe(0);
  appendFileSync(join(dir, 'autofolio.yaml'), `\nfxHedge: ${fxHedge}\n`);
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const run = await autofolio(['run', '--json'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    runs.push(JSON.parse(run.stdout) as { ordersSent: number; orderFile?: string });
  }
  const fx = await autofolio(['fx', '--json'], { cwd: dir });
  expect(fx.code, fx.stderr).toBe(0);
  const rows = JSON.parse(fx.stdout) as FxRow[];
  expect(rows.map((r) => r.currency)).toEqual(['CAD']);
  expect(Object.keys(rows[0]!).sort()).toEqual(['assets', 'cash', 'currency', 'exposure', 'ratio', 'target']);
  const status = JSON.parse((await autofolio(['status', '--json'], { cwd: dir })).stdout) as { account: { nlv: number; cash: Record<string, number> } };
  return { dir, fx: rows[0]!, nlv: status.account.nlv, cash: status.account.cash, runs };
}

describe('FX hedging on the paper broker, from the starter config', () => {
  it('with ratio 0.5 the CAD exposure ends within 1 % of NLV of half the CAD assets, and the second run trades no FX', async () => {
    const { fx, nlv, runs } = await hedgedAccount('{ ratios: { CAD: 0.5 }, bandPct: 1 }');
    expect(fx.ratio).toBe(0.5);
    expect(fx.assets).toBeGreaterThan(0.02 * nlv);
    expect(Math.abs(fx.exposure - 0.5 * fx.assets)).toBeLessThanOrEqual(0.01 * nlv);
    expect(fx.exposure).toBeCloseTo(fx.assets + fx.cash, 1);
    expect(runs[1]!.ordersSent).toBe(0);
  });

  it('with ratio 0 the CAD buys are funded by converting USD first: no CAD is owed', async () => {
    const { fx, nlv, cash } = await hedgedAccount('{ ratios: { CAD: 0 }, bandPct: 1 }');
    expect(fx.assets).toBeGreaterThan(0.02 * nlv);
    expect(cash.CAD).toBeGreaterThanOrEqual(0);
    expect(Math.abs(fx.exposure - fx.assets)).toBeLessThanOrEqual(0.01 * nlv);
  });

  it('with ratio 1 the CAD exposure ends within the band of 0', async () => {
    const { fx, nlv } = await hedgedAccount('{ ratios: { CAD: 1 }, bandPct: 1 }');
    expect(fx.target).toBe(0);
    expect(fx.assets).toBeGreaterThan(0.02 * nlv);
    expect(Math.abs(fx.exposure)).toBeLessThanOrEqual(0.01 * nlv);
  });
});

describe('FX hedging in a backtest of the starter config', () => {
  it('runs the same hedge (FX orders on USDCAD after the stock orders) and its report splits the FX effect into the assets and the hedge against them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autofolio-fx-bt-'));
    dirs.push(dir);
    expect((await autofolio(['init', dir])).code).toBe(0);
    appendFileSync(join(dir, 'autofolio.yaml'), '\nfxHedge: { ratios: { CAD: 0.5 }, bandPct: 1 }\n');
    const report = join(dir, 'report.html');
    const run = await autofolio(['backtest', '--config', join(dir, 'autofolio.yaml'), '--rebalance', 'weekly', '--json', '--report', report]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { fxPnl: number; fxHedgePnl: number; fxHedgeEffect: number; orders: { time: number; symbol: string; tag: string }[] };
    const fxOrders = result.orders.filter((o) => o.symbol === 'USDCAD');
    expect(fxOrders.length).toBeGreaterThan(0);
    // Within a run the FX order comes after the stock orders it hedges.
    for (const fx of fxOrders) {
      const run = fx.tag.slice(0, fx.tag.lastIndexOf(':'));
      const ofRun = result.orders.filter((o) => o.tag.startsWith(`${run}:`));
      expect(ofRun.at(-1)!.symbol).toBe('USDCAD');
    }
    // Half the CAD assets hedged: the hedge's currency P&L runs against the assets'.
    expect(Math.sign(result.fxHedgePnl)).toBe(-Math.sign(result.fxPnl));
    expect(Math.abs(result.fxHedgePnl)).toBeLessThan(Math.abs(result.fxPnl));
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('FX effect on the assets (currency part of return)');
    expect(html).toContain('FX effect of the hedge (foreign cash held or owed)');
  });
});
