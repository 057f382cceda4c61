import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autofolio, type RunJson } from './cli.js';
import { query } from './state-db.js';

async function mails(dir: string): Promise<ParsedMail[]> {
  const folder = join(dir, 'state', 'outbox');
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(files.map((f) => simpleParser(readFileSync(join(folder, f)))));
}

/** Cuts every data file after `last` (ISO UTC), so that `clock: data` runs at that hour. */
function endDataAt(dir: string, last: string): void {
  const data = join(dir, 'data');
  for (const file of readdirSync(data).filter((f) => f.endsWith('.csv'))) {
    const [header, ...rows] = readFileSync(join(data, file), 'utf8').trimEnd().split('\n');
    writeFileSync(join(data, file), [header, ...rows.filter((row) => row.slice(0, 20) <= last)].join('\n') + '\n');
  }
}

describe('the owner\'s view of a run: dry runs, targets, closed markets', () => {
  let dir: string;
  let config: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-owner-'));
    expect((await autofolio(['init', dir])).code).toBe(0);
    config = join(dir, 'autofolio.yaml');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a dry run prints its plan as a table, says it is a dry run and sends no digest; the next real run sends it', async () => {
    const dry = await autofolio(['run', '--dry-run', '--config', config]);
    expect(dry.code, dry.stderr).toBe(0);
    const lines = dry.stdout.split('\n');
    expect(lines[0]).toMatch(/^2025-11-14 15:30 EST .* ok {2}DRY RUN: nothing was sent$/);
    expect(dry.stdout).toContain('dry run: the plan below was made and checked, but no order was sent and no digest');
    expect(lines.find((l) => l.trim().startsWith('Symbol'))).toMatch(/Symbol\s+Target\s+Current\s+Drift\s+Trade\s+Limit\s+Value \(USD\)/);
    // Every one of the 11 instruments is bought from cash: target > 0, current 0, drift = −target.
    const spy = lines.find((l) => l.trim().startsWith('SPY '))!;
    const [, target, current, drift, , quantity, limit, value] = spy.trim().split(/\s+/);
    expect(current).toBe('0.00%');
    expect(drift).toBe(`-${target}`);
    expect(Number(quantity!.replace(/,/g, '')) * Number(limit)).toBeCloseTo(Number(value!.replace(/[+,]/g, '')), 2);
    expect(await mails(dir)).toEqual([]);
    expect(query(dir, 'select digests from days')).toEqual([{ digests: '' }]);
    expect(query<{ dry_run: number }>(dir, 'select dry_run from runs')).toEqual([{ dry_run: 1 }]);

    const real = JSON.parse((await autofolio(['run', '--json', '--config', config])).stdout) as RunJson;
    // The 11 buys and the USDCAD sell that funds the XIU buy (no fxHedge: CAD ratio 0).
    expect(real.ordersSent).toBe(12);
    const sent = await mails(dir);
    expect(sent.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[autofolio\] PAPER-1 session middle: NLV /)]);
    const text = sent[0]!.text!;
    expect(text).toContain('Account PAPER-1, session middle, 2025-11-14 15:30 EST');
    expect(text).toContain(`Targets and trades of run ${real.runId}, planned 2025-11-14 15:30 EST.`);
    expect(text).toMatch(/Symbol\s+Target\s+Now\s+Drift\s+Planned trade\s+Unrealised P&L \(USD\)/);
    // SPY was bought to its target: the row shows the target, the weight now, a small drift and the buy.
    expect(text).toMatch(/\n {2}SPY\s+\d+\.\d\d%\s+\d+\.\d\d%\s+[+-]?0\.\d\d%\s+BUY 1\d\d @ [\d.]+\s+-?\d+\.\d\d\n/);
    expect(sent[0]!.html).toContain('Positions against targets');
  });

  it('status shows the positions against the targets of the latest plan, with P&L per position', async () => {
    expect((await autofolio(['run', '--config', config])).code).toBe(0);
    const status = await autofolio(['status', '--config', config]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/as of 2025-11-14 15:30 EST/);
    expect(status.stdout).toMatch(/positions against targets: Targets and trades of run r-\S+, planned 2025-11-14 15:30 EST\./);
    expect(status.stdout).toMatch(/\n {2}XIU\s+\d+\.\d\d%\s+\d+\.\d\d%\s+[+-]?0\.\d\d%\s+BUY [\d,]+ @ [\d.]+\s+-?\d+\.\d\d\n/);
    const json = JSON.parse((await autofolio(['status', '--json', '--config', config])).stdout) as { targets: { dryRun: boolean; rows: { symbol: string; targetWeight: number; weight: number; drift: number; unrealizedPnl: number }[] } };
    expect(json.targets.dryRun).toBe(false);
    // The 11 instruments and the plan's USDCAD conversion.
    expect(json.targets.rows).toHaveLength(12);
    for (const row of json.targets.rows) expect(row.drift).toBeCloseTo(row.weight - row.targetWeight, 12);

    const out = join(dir, 'report.html');
    expect((await autofolio(['report', '--out', out, '--config', config])).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h2>Positions against targets</h2>');
    expect(html).toMatch(/Targets and trades of run r-\S+, planned 2025-11-14 15:30 EST\./);
    expect(html).toMatch(/>XIU<\/td><td[^>]*>\d+\.\d\d%<\/td>/);
  });

  // 13 October 2025 is Thanksgiving in Canada (Toronto closed) and an ordinary day in New York.
  it('on a Canadian holiday the XTSE instrument waits and the ten US instruments trade', async () => {
    endDataAt(dir, '2025-10-13T15:30:00Z');
    const run = await autofolio(['run', '--config', config]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^2025-10-13 11:30 EDT .*orders {2}10\/10 .* ok$/m);
    expect(run.stdout).toContain('held until their market opens (1): XIU (BUY ');
    expect(run.stdout).toContain('not sent, market XTSE is closed)');
    const orders = query<{ symbol: string; status: string }>(dir, 'select symbol, status from orders order by symbol');
    expect(orders.map((o) => o.symbol)).toEqual(['EEM', 'EFA', 'GLD', 'IEF', 'IWM', 'LQD', 'QQQ', 'SPY', 'TLT', 'VNQ']);
    expect(orders.every((o) => o.status === 'filled')).toBe(true);
    const [orderFile] = query<{ id: string }>(dir, 'select id from runs');
    const csv = readFileSync(join(dir, 'state', 'orders', '2025-10-13', `${orderFile!.id}.csv`), 'utf8');
    expect(csv).toMatch(/\r\nXIU,NONE,0,0,[\d.]+,\S+,0,\d+,[\d.]+,"?held: BUY \d+ @ [\d.]+ not sent, market XTSE is closed"?\r\n/);
    const digest = (await mails(dir)).find((m) => m.subject?.includes('session'));
    expect(digest?.text).toMatch(/\n {2}XIU\s+\d+\.\d\d%\s+0\.00%\s+-\d+\.\d\d%\s+held: BUY \d+ @ [\d.]+ not sent, market XTSE is closed/);
  });

  it('with risk.closedMarket: block-run, one closed market blocks the whole run', async () => {
    endDataAt(dir, '2025-10-13T15:30:00Z');
    writeFileSync(config, readFileSync(config, 'utf8').replace('closedMarket: hold-orders', 'closedMarket: block-run'));
    const run = JSON.parse((await autofolio(['run', '--json', '--config', config])).stdout) as RunJson;
    expect(run.outcome).toBe('blocked');
    expect(run.ordersSent).toBe(0);
    expect(run.problems).toEqual(['risk-gate: XIU: market XTSE is closed']);
  });
});
