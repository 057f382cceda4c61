import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { autofolio, type RunJson } from './cli.js';

/** Rewrites the rows of one sample data file. */
function rewrite(file: string, change: (row: string[]) => string[] | undefined): void {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  const kept = rows.map((row) => change(row.split(','))).filter((row): row is string[] => row !== undefined);
  writeFileSync(file, `${[header, ...kept.map((row) => row.join(','))].join('\n')}\n`);
}

function alerts(dir: string): string[] {
  const outbox = join(dir, 'state', 'outbox');
  return existsSync(outbox) ? readdirSync(outbox).filter((f) => f.includes('alert')).map((f) => readFileSync(join(outbox, f), 'utf8')) : [];
}

async function run(config: string): Promise<{ code: number | null; json: RunJson }> {
  const result = await autofolio(['run', '--config', config, '--json']);
  return { code: result.code, json: JSON.parse(result.stdout) as RunJson };
}

describe('market history is checked before the strategy sees it (paper broker, CSV data)', () => {
  let dir: string;
  let config: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-history-'));
    expect((await autofolio(['init', dir])).code).toBe(0);
    config = join(dir, 'autofolio.yaml');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('an unadjusted 2:1 split in a CSV file stops the run: an error naming the symbol, the date and the ratio, nothing sent, an alert', async () => {
    // From 1 October 2025 the SPY file gives prices per new share, the earlier rows per old share.
    rewrite(join(dir, 'data', 'SPY.csv'), (row) => (row[0]! >= '2025-10-01' ? [row[0]!, ...row.slice(1, 5).map((p) => (Number(p) / 2).toFixed(2)), row[5]!] : row));
    const { code, json } = await run(config);
    expect(code).toBe(1);
    expect(json.outcome).toBe('error');
    expect(json.problems.join('\n')).toMatch(/generate-forecast: SPY: a probable unadjusted 2:1 split on 2025-10-01 \(price ×0\.\d{3}\)/);
    expect(json.ordersSent).toBe(0);
    expect(json.ordersPlanned).toBe(0);
    expect(alerts(dir).join('\n')).toMatch(/SPY: a probable unadjusted 2:1 split on 2025-10-01/);
  });

  it('a 2:1 split recorded in the actions file beside the bars explains the jump: no flag', async () => {
    rewrite(join(dir, 'data', 'SPY.csv'), (row) => (row[0]! >= '2025-10-01' ? [row[0]!, ...row.slice(1, 5).map((p) => (Number(p) / 2).toFixed(2)), row[5]!] : row));
    writeFileSync(join(dir, 'data', 'SPY.actions.csv'), 'Date,Action,Value\n2025-10-01,split,2\n');
    const { json } = await run(config);
    expect(json.problems.join('\n')).not.toMatch(/split/);
    // A split on another day explains nothing.
    writeFileSync(join(dir, 'data', 'SPY.actions.csv'), 'Date,Action,Value\n2025-10-02,split,2\n');
    const { code, json: again } = await run(config);
    expect(code).toBe(1);
    expect(again.problems.join('\n')).toMatch(/SPY: a probable unadjusted 2:1 split on 2025-10-01/);
    // Nor does a split of another ratio: adjusted by 3, the halving leaves a rise of 3/2, a probable 2:3 reverse split.
    writeFileSync(join(dir, 'data', 'SPY.actions.csv'), 'Date,Action,Value\n2025-10-01,split,3\n');
    const { code: thirdCode, json: third } = await run(config);
    expect(thirdCode).toBe(1);
    expect(third.problems.join('\n')).toMatch(/SPY: a probable unadjusted 2:3 split on 2025-10-01/);
  });

  it('a session of the exchange with no bar among the days the strategy reads stops the run, naming the symbol and the date', async () => {
    rewrite(join(dir, 'data', 'QQQ.csv'), (row) => (row[0]!.startsWith('2025-10-15') ? undefined : row));
    const { code, json } = await run(config);
    expect(code).toBe(1);
    expect(json.problems.join('\n')).toMatch(/generate-forecast: QQQ: 1 session of its exchange with no bar: 2025-10-15: fill the gap \(autofolio data fetch --from 2025-10-15\)/);
    expect(json.ordersSent).toBe(0);
    expect(alerts(dir).join('\n')).toMatch(/QQQ: 1 session of its exchange with no bar/);
    // The check can be turned off for an instrument that does not trade on its exchange's calendar.
    writeFileSync(config, `${readFileSync(config, 'utf8')}\ndataChecks: { sessionGaps: false }\n`);
    expect((await run(config)).json.problems).toEqual([]);
  });

  it('history of one instrument a year older than the clock stops the run, naming the symbol, its last bar and the clock', async () => {
    rewrite(join(dir, 'data', 'TLT.csv'), (row) => (row[0]! < '2024-11-15' ? row : undefined));
    const { code, json } = await run(config);
    expect(code).toBe(1);
    expect(json.problems.join('\n')).toMatch(/generate-forecast: TLT: stale history: the newest bar is from 2024-11-14, the clock is 2025-11-14T20:30:00\.000Z/);
    expect(json.ordersSent).toBe(0);
    expect(alerts(dir).join('\n')).toMatch(/TLT: stale history/);
  });

  it('data files a year older than the wall clock stop the run on every instrument', async () => {
    writeFileSync(config, readFileSync(config, 'utf8').replace('clock: data', 'clock: wall'));
    const { code, json } = await run(config);
    expect(code).toBe(1);
    // One message for the instruments whose data ends on the same date, not one per symbol.
    expect(json.problems.join('\n')).toMatch(/all 11 instruments \(SPY, .*XIU\): stale history: the newest bars are from 2025-11-14, the clock is 20\d\d-.*set clock: data/);
    expect(json.problems.join('\n').match(/stale history/g)?.length).toBe(2); // the step's flag, and the risk gate repeating it
    expect(json.ordersSent).toBe(0);
  });

  it('the unchanged sample data passes: the checks do not cry wolf', async () => {
    const { code, json } = await run(config);
    expect(json.problems).toEqual([]);
    expect(code).toBe(0);
  });
});
