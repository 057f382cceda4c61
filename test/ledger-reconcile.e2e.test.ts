import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofolio, type RunJson } from './cli.js';


function db(dir: string): Database.Database {
  return new Database(join(dir, 'state', 'autofolio.sqlite'));
}

describe('ledger, reconcile, cash flows and reports, as child processes on the paper broker', () => {
  let dir: string;
  let config: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-ledger-'));
    expect((await autofolio(['init', dir])).code).toBe(0);
    config = join(dir, 'autofolio.yaml');
    const first = await autofolio(['run', '--config', config, '--json']);
    expect(first.code, first.stderr + first.stdout).toBe(0);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('books every fill of the run and agrees with the broker to the cent', async () => {
    const result = await autofolio(['reconcile', '--config', config, '--json']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    const parsed = JSON.parse(result.stdout) as { ok: boolean; lines: { kind: string; difference: number }[]; balance: { balanced: boolean }[] };
    expect(parsed.ok).toBe(true);
    expect(parsed.lines.filter((l) => l.kind === 'position').length).toBeGreaterThan(5);
    for (const line of parsed.lines) expect(line.difference).toBe(0);
    expect(parsed.balance.every((b) => b.balanced)).toBe(true);
    // A fill of the USDCAD pair is booked as a conversion (kind fx), every other one as a trade.
    const fills = db(dir).prepare("select count(*) n from ledger_entries where kind in ('fill', 'fx')").get() as { n: number };
    const recorded = db(dir).prepare('select count(*) n from fills').get() as { n: number };
    expect(fills.n).toBe(recorded.n);
  });

  it('a deposit goes into the ledger and the paper account, and the next run still reconciles', async () => {
    const add = await autofolio(['cashflow', 'add', '--amount', '10000', '--currency', 'USD', '--config', config]);
    expect(add.code, add.stderr).toBe(0);
    const run = await autofolio(['run', '--config', config, '--json']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const report = await autofolio(['report', '--config', config, '--json']);
    expect(report.code, report.stderr).toBe(0);
    const metrics = JSON.parse(report.stdout) as Record<string, unknown>;
    expect(Object.keys(metrics).slice(0, 12)).toEqual(['twr', 'cagr', 'volatility', 'sharpe', 'sortino', 'calmar', 'maxDrawdown', 'maxDrawdownDays', 'turnover', 'commissions', 'slippageBps', 'fxEffect']);
    expect(metrics.commissions).toBeGreaterThan(0);
    const out = join(dir, 'report.html');
    const html = await autofolio(['report', '--config', config, '--out', out]);
    expect(html.code, html.stderr).toBe(0);
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('<svg');
    expect(page).not.toMatch(/<script|src=|href=/i);
  });

  it('a position changed behind autofolio\'s back blocks the run: exit 1, nothing sent, an alert naming the symbol', async () => {
    const handle = db(dir);
    const row = handle.prepare("select json from documents where key = 'paper-account'").get() as { json: string };
    const state = JSON.parse(row.json) as { positions: { symbol: string; quantity: number }[] };
    const changed = state.positions.find((p) => p.symbol === 'GLD') ?? state.positions[0]!;
    changed.quantity += 7;
    handle.prepare("update documents set json = ? where key = 'paper-account'").run(JSON.stringify(state));
    handle.close();
    // Halve the volatility target, so that the run plans sells and would send them if it were allowed to.
    writeFileSync(config, readFileSync(config, 'utf8').replace('target: 0.08', 'target: 0.04'));
    const outbox = join(dir, 'state', 'outbox');
    const before = new Set(readdirSync(outbox));
    const sentBefore = (db(dir).prepare("select count(*) n from orders where status != 'planned'").get() as { n: number }).n;

    const run = await autofolio(['run', '--config', config, '--json']);
    expect(run.code, run.stderr + run.stdout).toBe(1);
    const result = JSON.parse(run.stdout) as RunJson;
    expect(result.outcome).toBe('error');
    expect(result.ordersPlanned).toBeGreaterThan(0);
    expect(result.ordersSent).toBe(0);
    expect(result.problems[0]).toMatch(new RegExp(`^reconcile: .*position ${changed.symbol}: ledger \\d+, broker \\d+ \\(difference 7\\)`));
    expect((db(dir).prepare("select count(*) n from orders where status != 'planned'").get() as { n: number }).n).toBe(sentBefore);

    const alerts = readdirSync(outbox).filter((f) => !before.has(f) && f.includes('alert'));
    expect(alerts).toHaveLength(1);
    const mail = await simpleParser(readFileSync(join(outbox, alerts[0]!)));
    expect(mail.subject).toMatch(/reconcile/);
    expect(mail.text).toContain(`position ${changed.symbol}`);

    const reconcile = await autofolio(['reconcile', '--config', config]);
    expect(reconcile.code).toBe(1);
    expect(reconcile.stdout).toMatch(new RegExp(`position\\s+${changed.symbol}\\s.*beyond tolerance`));
  });
});

describe('autofolio metrics', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-metrics-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('computes the metrics of any equity series, neutral to the cash flows given', async () => {
    writeFileSync(join(dir, 'equity.csv'), 'date,equity\n2024-01-02,100000\n2024-01-03,101000\n2024-01-04,99990\n2024-01-05,111090\n2024-01-08,112201\n');
    writeFileSync(join(dir, 'flows.csv'), 'date,amount\n2024-01-05,10000\n');
    const result = await autofolio(['metrics', '--equity', join(dir, 'equity.csv'), '--cashflows', join(dir, 'flows.csv'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const m = JSON.parse(result.stdout) as { twr: number; maxDrawdown: number };
    // Returns: +1 %, −1 %, (111090 − 10000) / 99990 − 1 = +1.1001… %, +1 %.
    expect(m.twr).toBeCloseTo(1.01 * (99990 / 101000) * (101090 / 99990) * (112201 / 111090) - 1, 12);
    expect(m.maxDrawdown).toBeCloseTo(99990 / 101000 - 1, 12);
  });

  it('refuses a bad CSV naming the file and the line, exit 1', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'date,equity\n2024-01-02,100\n2024-01-03,abc\n');
    const result = await autofolio(['metrics', '--equity', bad, '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}:3: equity "abc" is not a number`);
    expect(result.stdout).toBe('');
  });
});
