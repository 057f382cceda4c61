import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CYCLE_STEPS, stepFaultPoint } from '../src/cycle/cycle-steps.js';
import { autofolio } from './cli.js';

// Every declared step of the cycle (a skipped step is a crash point too), and points inside
// the batch of orders being sent (the sample plan has 11 buys) and the fills being recorded.
const KILL_POINTS = [
  ...CYCLE_STEPS.map((step) => stepFaultPoint(step.name)),
  'send-order@1',
  'send-order@2',
  'send-order@6',
  'send-order@11',
  'record-fill@1',
  'record-fill@5',
];

interface PaperState {
  orders: { tag: string; status: string }[];
  fills: { execId: string }[];
  positions: { symbol: string; quantity: number }[];
}

function inspect(dir: string): { paper: PaperState; fills: string[]; runs: { id: string; outcome: string }[]; interruptedJournal: string[] } {
  const db = new Database(join(dir, 'state', 'autofolio.sqlite'), { readonly: true });
  try {
    const row = db.prepare("select json from documents where key = 'paper-account'").get() as { json: string };
    return {
      paper: JSON.parse(row.json) as PaperState,
      fills: (db.prepare('select exec_id from fills').all() as { exec_id: string }[]).map((f) => f.exec_id),
      runs: db.prepare('select id, outcome from runs order by rowid').all() as { id: string; outcome: string }[],
      interruptedJournal: (db.prepare("select run_id from journal where step = 'interrupted'").all() as { run_id: string }[]).map((r) => r.run_id),
    };
  } finally {
    db.close();
  }
}

function csvExecIds(dir: string): string[] {
  const path = join(dir, 'state', 'trades.csv');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[9]!);
}

async function inPairs<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

interface Outcome {
  point: string;
  killed: boolean;
  rerunCode: number | null;
  dryRunPlanned: number;
  dir: string;
}

describe('a run killed at any point, then run again', () => {
  let root: string;
  let outcomes: Outcome[];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'autofolio-crash-'));
    const template = join(root, 'template');
    expect((await autofolio(['init', template])).code).toBe(0);
    outcomes = await inPairs(KILL_POINTS, async (point) => {
      const dir = join(root, point.replace(/[^a-z0-9]+/gi, '-'));
      cpSync(template, dir, { recursive: true });
      const config = join(dir, 'autofolio.yaml');
      const killed = await autofolio(['run', '--config', config], { env: { AUTOFOLIO_FAULT: point } });
      const rerun = await autofolio(['run', '--config', config]);
      const dry = await autofolio(['run', '--dry-run', '--json', '--config', config]);
      return { point, killed: killed.signal === 'SIGKILL', rerunCode: rerun.code, dryRunPlanned: (JSON.parse(dry.stdout) as { ordersPlanned: number }).ordersPlanned, dir };
    });
  }, 900_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(KILL_POINTS)('killed at %s: the rerun succeeds and leaves the account at its target', (point) => {
    const outcome = outcomes.find((o) => o.point === point)!;
    expect(outcome.killed, `the fault point ${point} was never reached`).toBe(true);
    expect(outcome.rerunCode).toBe(0);
    expect(outcome.dryRunPlanned).toBe(0);
  });

  it.each(KILL_POINTS)('killed at %s: no tag was sent twice and every fill is recorded exactly once', (point) => {
    const { dir } = outcomes.find((o) => o.point === point)!;
    const { paper, fills } = inspect(dir);
    const tags = paper.orders.map((o) => o.tag);
    expect(new Set(tags).size).toBe(tags.length);
    const symbolsBought = paper.orders.filter((o) => o.status === 'filled').map((o) => o.tag.split(':')[1]);
    expect(new Set(symbolsBought).size).toBe(symbolsBought.length);
    const brokerExecIds = paper.fills.map((f) => f.execId).sort();
    expect([...fills].sort()).toEqual(brokerExecIds);
    expect(csvExecIds(dir).sort()).toEqual(brokerExecIds);
  });

  it.each(KILL_POINTS)('killed at %s: the killed run is marked interrupted in the runs table and the journal', (point) => {
    const { dir } = outcomes.find((o) => o.point === point)!;
    const { runs, interruptedJournal } = inspect(dir);
    expect(runs.map((r) => r.outcome)).toEqual(['interrupted', 'ok', 'ok']);
    expect(interruptedJournal).toEqual([runs[0]!.id]);
  });
});

describe('a run killed while it amends the working orders of the run before, then run again', () => {
  it.each(['amend-order@1', 'amend-order@3'])('killed at %s: every order keeps one tag, no symbol gets a second order, every fill is recorded once', async (point) => {
    const dir = mkdtempSync(join(tmpdir(), 'autofolio-crash-amend-'));
    try {
      expect((await autofolio(['init', dir])).code).toBe(0);
      const config = join(dir, 'autofolio.yaml');
      // Limits at the mid inside a wide spread rest unfilled: the next run finds them working and amends them.
      writeFileSync(config, readFileSync(config, 'utf8').replace(/spreadBps: 2 /, 'spreadBps: 40 ').replace(/limitOffsetBps: 10 /, 'limitOffsetBps: 0 '));
      expect((await autofolio(['run', '--config', config])).code).toBe(0);
      const before = inspect(dir).paper.orders.length;
      expect(before).toBeGreaterThan(2);
      const killed = await autofolio(['run', '--config', config], { env: { AUTOFOLIO_FAULT: point } });
      expect(killed.signal).toBe('SIGKILL');
      expect((await autofolio(['run', '--config', config])).code).toBe(0);

      const { paper, fills, runs } = inspect(dir);
      expect(runs.map((r) => r.outcome)).toEqual(['ok', 'interrupted', 'ok']);
      // The amended orders were never sent again as new orders.
      expect(paper.orders.length).toBe(before);
      const tags = paper.orders.map((o) => o.tag);
      expect(new Set(tags).size).toBe(tags.length);
      const working = paper.orders.filter((o) => o.status === 'submitted' || o.status === 'partially-filled').map((o) => o.tag.split(':')[1]);
      expect(new Set(working).size).toBe(working.length);
      expect([...fills].sort()).toEqual(paper.fills.map((f) => f.execId).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a kill in the middle of a database write', () => {
  it('leaves a database that opens and holds the whole end-of-day commit or none of it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autofolio-crash-eod-'));
    try {
      expect((await autofolio(['init', dir])).code).toBe(0);
      const config = join(dir, 'autofolio.yaml');
      expect((await autofolio(['run', '--config', config])).code).toBe(0);
      const killed = await autofolio(['run', '--end-of-day', '--config', config], { env: { AUTOFOLIO_FAULT: 'commit-trade@3' } });
      expect(killed.signal).toBe('SIGKILL');
      const count = (sql: string): number => {
        const db = new Database(join(dir, 'state', 'autofolio.sqlite'), { readonly: true });
        try {
          return (db.prepare(sql).get() as { n: number }).n;
        } finally {
          db.close();
        }
      };
      expect(count("select count(*) as n from pragma_integrity_check where integrity_check = 'ok'")).toBe(1);
      expect(count('select count(*) as n from trades')).toBe(0);
      expect(count('select count(*) as n from daily_snapshots')).toBe(0);
      expect((await autofolio(['run', '--end-of-day', '--config', config])).code).toBe(0);
      expect(count('select count(*) as n from trades')).toBe(count('select count(*) as n from fills'));
      expect(count('select count(*) as n from daily_snapshots')).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
