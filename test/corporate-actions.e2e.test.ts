import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autofolio, type RunJson } from './cli.js';
import { query } from './state-db.js';

/** Rewrites the rows of one data file. */
function rewrite(file: string, change: (row: string[]) => string[] | undefined): void {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  const kept = rows.map((row) => change(row.split(','))).filter((row): row is string[] => row !== undefined);
  writeFileSync(file, `${[header, ...kept.map((row) => row.join(','))].join('\n')}\n`);
}

/** SPY's rows from `date` on in prices per new share of a 2:1 split, as an unadjusted source gives them. */
function splitSpy(dir: string, date: string): void {
  rewrite(join(dir, 'data', 'SPY.csv'), (row) => (row[0]! >= date ? [row[0]!, ...row.slice(1, 5).map((p) => (Number(p) / 2).toFixed(2)), String(Number(row[5]) * 2)] : row));
}

async function run(config: string): Promise<{ code: number | null; json: RunJson; stderr: string }> {
  const result = await autofolio(['run', '--config', config, '--json']);
  return { code: result.code, json: JSON.parse(result.stdout) as RunJson, stderr: result.stderr };
}

describe('corporate actions from <SYMBOL>.actions.csv, as child processes on the paper broker', () => {
  let dir: string;
  let config: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-actions-'));
    expect((await autofolio(['init', dir])).code).toBe(0);
    config = join(dir, 'autofolio.yaml');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a split the actions file records is no crash: the history check passes and the strategy weighs as without the split', async () => {
    const unsplit = mkdtempSync(join(tmpdir(), 'autofolio-actions-unsplit-'));
    try {
      expect((await autofolio(['init', unsplit])).code).toBe(0);
      expect((await run(join(unsplit, 'autofolio.yaml'))).code).toBe(0);
      splitSpy(dir, '2025-10-01');
      writeFileSync(join(dir, 'data', 'SPY.actions.csv'), 'Date,Action,Value\n2025-10-01,split,2\n');
      const { code, json, stderr } = await run(config);
      expect(json.problems, stderr).toEqual([]);
      expect(code).toBe(0);
      expect(json.ordersSent).toBeGreaterThan(0);
      // Inverse volatility over the adjusted closes: a raw fall of half would have cut SPY's weight several times over.
      const weights = (folder: string): Map<string, number> => new Map(readFileSync(join(folder, 'state', 'forecast.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')).map(([symbol, weight]) => [symbol!, Number(weight)]));
      const expected = weights(unsplit);
      expect(expected.get('SPY')).toBeGreaterThan(0.01);
      for (const [symbol, weight] of weights(dir)) expect(weight, symbol).toBeCloseTo(expected.get(symbol)!, 4);
    } finally {
      rmSync(unsplit, { recursive: true, force: true });
    }
  });

  it('the paper broker and the ledger book a split and a dividend on their ex-dates and reconcile to the cent', async () => {
    writeFileSync(config, readFileSync(config, 'utf8').replace('  spreadBps: 2 ', '  dividendWithholdingPct: 15\n  spreadBps: 2 '));
    const full = new Map(readdirSync(join(dir, 'data')).filter((f) => f.endsWith('.csv')).map((f) => [f, readFileSync(join(dir, 'data', f), 'utf8')]));
    // The first run sees the data up to 11 November and buys; the second sees three more days.
    for (const file of full.keys()) rewrite(join(dir, 'data', file), (row) => (row[0]! < '2025-11-12' ? row : undefined));
    const first = await run(config);
    expect(first.code, first.stderr + JSON.stringify(first.json)).toBe(0);
    const held = (symbol: string): number => query<{ q: number }>(dir, "select coalesce(sum(quantity), 0) q from ledger_entries where symbol = ? and kind in ('fill', 'opening-position', 'split')", symbol)[0]!.q;
    const spyBefore = held('SPY');
    const tltBefore = held('TLT');
    expect(spyBefore).toBeGreaterThan(0);
    expect(tltBefore).toBeGreaterThan(0);

    for (const [file, text] of full) writeFileSync(join(dir, 'data', file), text);
    splitSpy(dir, '2025-11-13');
    writeFileSync(join(dir, 'data', 'SPY.actions.csv'), 'Date,Action,Value\n2025-11-13,split,2\n');
    writeFileSync(join(dir, 'data', 'TLT.actions.csv'), 'Date,Action,Value\n2024-12-02,dividend,0.31\n2025-11-12,dividend,0.33\n');
    const second = await run(config);
    expect(second.json.problems, second.stderr).toEqual([]);
    expect(second.code).toBe(0);

    const entries = query<{ kind: string; symbol: string; quantity: number | null; amount_minor: number; exec_id: string; time: string }>(dir, "select kind, symbol, quantity, amount_minor, exec_id, time from ledger_entries where exec_id like 'split:%' or exec_id like 'dividend:%' or exec_id like 'withholding:%' order by id");
    // The dividend of 2024 took effect before the ledger opened: its opening holds it.
    expect(entries.map((e) => [e.kind, e.exec_id])).toEqual([
      ['dividend', 'dividend:TLT:2025-11-12'],
      ['fee', 'withholding:TLT:2025-11-12'],
      ['split', 'split:SPY:2025-11-13'],
    ]);
    const [dividend, withholding, split] = entries as [(typeof entries)[0], (typeof entries)[0], (typeof entries)[0]];
    // Shares held as the ex-date's first bar opened (14:30 UTC), whatever the second run then traded.
    expect(dividend.quantity).toBe(tltBefore);
    expect(dividend.time).toBe('2025-11-12T14:30:00.000Z');
    expect(dividend.amount_minor).toBe(Math.round(tltBefore * 33));
    expect(withholding.amount_minor).toBe(Math.round(dividend.amount_minor * 0.15));
    expect(split.quantity).toBe(spyBefore);

    const reconciled = await autofolio(['reconcile', '--config', config, '--json']);
    expect(reconciled.code, reconciled.stderr + reconciled.stdout).toBe(0);
    const parsed = JSON.parse(reconciled.stdout) as { ok: boolean; lines: { kind: string; key: string; ledger: number; broker: number; difference: number }[]; balance: { balanced: boolean }[] };
    expect(parsed.ok).toBe(true);
    for (const line of parsed.lines) expect(line.difference).toBe(0);
    expect(parsed.balance.every((b) => b.balanced)).toBe(true);

    // The dividend is income, not a deposit: `status` shows it, and no cash flow is recorded.
    const status = await autofolio(['status', '--config', config, '--json']);
    expect((JSON.parse(status.stdout) as { income: Record<string, number> }).income).toEqual({ USD: dividend.amount_minor / 100 });
    expect(query(dir, "select * from ledger_entries where kind in ('deposit', 'withdrawal')")).toEqual([]);
  });
});
