import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofolio, type RunJson } from './cli.js';
import { query } from './state-db.js';

const WEIGHTS = { SPY: 0.5, QQQ: 0, IWM: 0, EFA: 0, EEM: 0, TLT: 0, IEF: 0, LQD: 0, GLD: 0, VNQ: 0, XIU: 0 };
const STRADDLE = { name: 'spy-straddle', kind: 'straddle', underlying: 'SPY', expiry: { minDays: 25 }, strike: 'atm', quantity: 2 };

interface StatusJson {
  readonly spreads: { name: string; quantity: number; cost: number; value: number; legs: { symbol: string; quantity: number; multiplier: number; avgCost: number }[] }[];
}

describe('a straddle from a JSON forecast, on the paper broker and the sample data', () => {
  let dir: string;
  let config: string;
  let first: RunJson;
  let second: RunJson;
  let status: StatusJson;
  let spy: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-spreads-'));
    expect((await autofolio(['init', dir])).code).toBe(0);
    config = join(dir, 'autofolio.yaml');
    const yaml = readFileSync(config, 'utf8')
      .replace(/strategy:\n {2}kind: inverse-vol[\s\S]*?maxLeverage: 1.5\n/, 'strategy:\n  kind: external\n')
      .replace('file: forecast.csv', 'file: forecast.json');
    writeFileSync(config, `${yaml}\noptions:\n  maxPremiumPerSpread: 20000\n  maxPremiumPct: 5\n`);
    const lastBar = readFileSync(join(dir, 'data', 'SPY.csv'), 'utf8').trim().split('\n').at(-1)!.split(',');
    spy = Number(lastBar[4]);
    mkdirSync(join(dir, 'state'), { recursive: true });
    writeFileSync(join(dir, 'state', 'forecast.json'), JSON.stringify({ asOf: lastBar[0], source: 'my-model', leverage: 1, weights: WEIGHTS, spreads: [STRADDLE] }));
    const a = await autofolio(['run', '--config', config, '--json']);
    expect(a.code, a.stderr + a.stdout).toBe(0);
    first = JSON.parse(a.stdout) as RunJson;
    const s = await autofolio(['status', '--config', config, '--json']);
    expect(s.code, s.stderr).toBe(0);
    status = JSON.parse(s.stdout) as StatusJson;
    const b = await autofolio(['run', '--config', config, '--json']);
    expect(b.code, b.stderr + b.stdout).toBe(0);
    second = JSON.parse(b.stdout) as RunJson;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the order file shows one combination order with a call and a put, same strike and expiry, nearest the money', () => {
    const lines = readFileSync(first.orderFile!, 'utf8').trim().split('\r\n').map((l) => l.split(','));
    const combos = lines.filter((l) => l[0] === 'spy-straddle');
    expect(combos).toHaveLength(1);
    const [, action, quantity, limit, , tag, , , , reason] = combos[0]!;
    expect([action, quantity, tag]).toEqual(['BUY', '2', `${first.runId}:spy-straddle`]);
    expect(Number(limit)).toBeGreaterThan(0);
    expect(Math.round(Number(limit) * 100) / 100).toBe(Number(limit));
    const legs = [...reason!.matchAll(/BUY 1 (SPY-(\d{8})-([CP])-([\d.]+))/g)].map((m) => ({ expiry: m[2], right: m[3], strike: Number(m[4]) }));
    expect(legs.map((l) => l.right)).toEqual(['C', 'P']);
    expect(legs[0]!.expiry).toBe(legs[1]!.expiry);
    expect(legs[0]!.strike).toBe(legs[1]!.strike);
    // The paper chain lists a strike every 1% of the price, rounded up to a listed step (10 at
    // this price): the nearest is at most half a step from the price the plan saw.
    const planned = Number(lines.find((l) => l[0] === 'SPY')![4]);
    expect(legs[0]!.strike % 10).toBe(0);
    expect(Math.abs(legs[0]!.strike - planned)).toBeLessThanOrEqual(5);
    expect(Math.abs(planned - spy)).toBeLessThan(spy * 0.01);
    const days = (Date.parse(`${legs[0]!.expiry!.slice(0, 4)}-${legs[0]!.expiry!.slice(4, 6)}-${legs[0]!.expiry!.slice(6)}`) - Date.parse(first.time.slice(0, 10))) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(25);
    expect(days).toBeLessThan(32);
  });

  it('the paper broker fills both legs together, and the ledger books them with multiplier 100', () => {
    const orders = query<{ tag: string; status: string }>(dir, 'select tag, status from orders where tag = ?', `${first.runId}:spy-straddle`);
    expect(orders).toEqual([{ tag: `${first.runId}:spy-straddle`, status: 'filled' }]);
    const fills = query<{ symbol: string; side: string; quantity: number }>(dir, 'select symbol, side, quantity from fills where tag = ? order by symbol', `${first.runId}:spy-straddle`);
    expect(fills.map((f) => [f.symbol.slice(-6, -4), f.side, f.quantity])).toEqual([['-C', 'BUY', 2], ['-P', 'BUY', 2]]);
    const entries = query<{ symbol: string; multiplier: number }>(dir, "select symbol, multiplier from ledger_entries where kind = 'fill' and symbol like 'SPY-%' order by symbol");
    expect(entries.map((e) => e.multiplier)).toEqual([100, 100]);
  });

  it('status --json shows the spread and its two legs with multiplier 100, cost and value', () => {
    expect(status.spreads).toHaveLength(1);
    const [spread] = status.spreads;
    expect(spread!.name).toBe('spy-straddle');
    expect(spread!.quantity).toBe(2);
    expect(spread!.legs.map((l) => [l.quantity, l.multiplier])).toEqual([[2, 100], [2, 100]]);
    const cost = spread!.legs.reduce((sum, l) => sum + l.quantity * l.avgCost * l.multiplier, 0);
    expect(spread!.cost).toBeCloseTo(cost, 2);
    expect(spread!.value).toBeGreaterThan(0);
  });

  it('the digest and the report show the spread with its legs, cost and value', async () => {
    const outbox = join(dir, 'state', 'outbox');
    const files = existsSync(outbox) ? readdirSync(outbox).filter((f) => f.endsWith('.eml')) : [];
    const digests = (await Promise.all(files.map((f) => simpleParser(readFileSync(join(outbox, f)))))).filter((m) => /session/.test(m.subject ?? ''));
    expect(digests.length).toBeGreaterThan(0);
    const text = digests[0]!.text!;
    expect(text).toContain('Option spreads (1; their legs are among the positions)');
    const lines = text.split('\n');
    const row = lines.slice(lines.findIndex((l) => l.startsWith('Option spreads'))).find((l) => l.trim().startsWith('spy-straddle'))!;
    expect(row).toMatch(/spy-straddle\s+2\s+2 SPY-\d{8}-C-\d+ × 100 @ [\d.]+; 2 SPY-\d{8}-P-\d+ × 100 @ [\d.]+\s+[\d,.]+\s+[\d,.]+/);
    const out = join(dir, 'report.html');
    const report = await autofolio(['report', '--config', config, '--out', out]);
    expect(report.code, report.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h2>Option spreads</h2>');
    expect(html).toMatch(/SPY-\d{8}-C-\d+ × 100/);
  });

  it('a second run with the same forecast sends nothing and reconciles clean', () => {
    expect(first.outcome).toBe('ok');
    expect(second.outcome).toBe('ok');
    expect(second.ordersSent).toBe(0);
    expect(query(dir, 'select * from orders where run_id = ?', second.runId)).toHaveLength(0);
  });
});
