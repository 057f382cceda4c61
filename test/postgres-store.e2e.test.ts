import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresRunLock } from '../src/store/postgres-lock.js';
import { autofolio, type RunJson } from './cli.js';
import { freshDatabase, pgAvailable, type TestDatabase } from './pg-harness.js';
import { query } from './state-db.js';

const hasPg = await pgAvailable();

const POSTGRES_STORE = '\nstore: { kind: postgres, urlEnv: AUTOFOLIO_PG_URL }\n';

interface Status {
  account: Record<string, unknown> | null;
  positions: unknown[];
  targets: { rows: unknown[] } | null;
  lastRun: { id: string; outcome: string; orders: number; fills: number } | null;
  paths: { database: string };
}

interface OrderRow {
  symbol: string;
  side: string;
  quantity: number;
  limit_price: number;
  status: string;
  filled_quantity: number;
}

async function initAccount(id: string, store: string): Promise<{ dir: string; config: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'autofolio-pg-'));
  const init = await autofolio(['init', dir]);
  expect(init.code, init.stderr).toBe(0);
  const config = join(dir, 'autofolio.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace('id: PAPER-1', `id: ${id}`));
  appendFileSync(config, store);
  return { dir, config };
}

async function pgRows<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe.skipIf(!hasPg)('autofolio on a PostgreSQL journal, as child processes', () => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const dirs: string[] = [];
  const runs: Record<'sqlite' | 'postgres', RunJson[]> = { sqlite: [], postgres: [] };
  const status: Partial<Record<'sqlite' | 'postgres', Status>> = {};
  let pgAccount: { dir: string; config: string };

  beforeAll(async () => {
    database = await freshDatabase('store_e2e');
    // The URL, with its password, reaches the child only through the environment.
    env = { AUTOFOLIO_PG_URL: database.url };
    const sqliteAccount = await initAccount('PAPER-1', '');
    pgAccount = await initAccount('PAPER-1', POSTGRES_STORE);
    dirs.push(sqliteAccount.dir, pgAccount.dir);
    for (const [kind, account] of [['sqlite', sqliteAccount], ['postgres', pgAccount]] as const) {
      for (let i = 0; i < 2; i++) {
        const run = await autofolio(['run', '--config', account.config, '--json'], { env });
        expect(run.code, run.stderr + run.stdout).toBe(0);
        runs[kind].push(JSON.parse(run.stdout) as RunJson);
      }
      const shown = await autofolio(['status', '--config', account.config, '--json'], { env });
      expect(shown.code, shown.stderr).toBe(0);
      status[kind] = JSON.parse(shown.stdout) as Status;
    }
  });

  afterAll(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  });

  it('two runs and status give the same orders, fills and snapshot as on SQLite', async () => {
    const outcome = (r: RunJson) => ({ outcome: r.outcome, ordersPlanned: r.ordersPlanned, ordersSent: r.ordersSent, fills: r.fills, nlv: r.nlv, grossLeverage: r.grossLeverage });
    expect(runs.postgres.map(outcome)).toEqual(runs.sqlite.map(outcome));
    expect(runs.postgres[0]!.ordersSent).toBeGreaterThan(5);
    const same = (s: Status) => ({ account: s.account, positions: s.positions, targets: s.targets?.rows, lastRun: s.lastRun && { outcome: s.lastRun.outcome, orders: s.lastRun.orders, fills: s.lastRun.fills } });
    expect(same(status.postgres!)).toEqual(same(status.sqlite!));
    expect(status.postgres!.account).not.toBeNull();
    expect(status.postgres!.lastRun?.id).toBe(runs.postgres[1]!.runId);

    const columns = 'symbol, side, quantity, limit_price, status, filled_quantity';
    const onSqlite = query<OrderRow>(dirs[0]!, `select ${columns} from orders order by planned_at, symbol`);
    const onPostgres = await pgRows<OrderRow>(database.url, `select ${columns} from autofolio_paper_1.orders order by planned_at, symbol`);
    expect(onPostgres).toEqual(onSqlite);
    expect(onPostgres.length).toBe(runs.postgres[0]!.ordersSent);
  });

  it('keeps its journal on the server, in the account\'s schema, and says so; the password appears nowhere', async () => {
    const url = new URL(database.url);
    expect(status.postgres!.paths.database).toBe(`PostgreSQL ${url.host}${url.pathname} schema autofolio_paper_1`);
    const recorded = await pgRows<{ id: string }>(database.url, 'select id from autofolio_paper_1.runs order by rowid');
    expect(recorded.map((r) => r.id)).toEqual(runs.postgres.map((r) => r.runId));
    expect(JSON.stringify(status.postgres)).not.toContain(url.password);
  });

  it('keeps two accounts in one database apart, each in its own schema', async () => {
    const other = await initAccount('PAPER-2', POSTGRES_STORE);
    dirs.push(other.dir);
    const run = await autofolio(['run', '--config', other.config, '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const otherRun = JSON.parse(run.stdout) as RunJson;
    const inOther = await pgRows<{ id: string; account: string }>(database.url, 'select id, account from autofolio_paper_2.runs');
    expect(inOther).toEqual([{ id: otherRun.runId, account: 'PAPER-2' }]);
    const inFirst = await pgRows<{ id: string }>(database.url, 'select id from autofolio_paper_1.runs');
    expect(inFirst.map((r) => r.id).sort()).toEqual(runs.postgres.map((r) => r.runId).sort());
    const shown = await autofolio(['status', '--config', pgAccount.config, '--json'], { env });
    expect((JSON.parse(shown.stdout) as Status).lastRun?.id).toBe(runs.postgres[1]!.runId);
  });

  it('refuses a second run of one account while another holds its lock on the server, on any machine', async () => {
    // The holder could be on another machine: the lock is on the server, not in the account folder.
    const holder = new PostgresRunLock({ url: database.url, schema: 'autofolio_paper_1' });
    await holder.acquire('r-20251114T203000Z-aaaa', 'trade');
    try {
      const refused = await autofolio(['run', '--config', pgAccount.config, '--json'], { env });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`another run (trade r-20251114T203000Z-aaaa, process ${process.pid} on `);
      expect(refused.stderr).toContain('holds the lock PostgreSQL advisory lock of schema autofolio_paper_1: only one run per account at a time');
    } finally {
      await holder.release();
    }
    const after = await autofolio(['run', '--config', pgAccount.config, '--json'], { env });
    expect(after.code, after.stderr).toBe(0);
  });

  it('marks a run left running on another machine interrupted, though a process of its id lives on this one', async () => {
    // The dead run's process id is this test runner's: alive here, as a pid of another machine may be.
    await pgRows(database.url, `insert into autofolio_paper_1.runs (id, account, purpose, dry_run, started_at, outcome, orders_sent, fills, pid) values ('r-20251114T150000Z-dead', 'PAPER-1', 'trade', 0, '2025-11-14T15:00:00.000Z', 'running', 0, 0, ${process.pid})`);
    const run = await autofolio(['run', '--config', pgAccount.config, '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const [dead] = await pgRows<{ outcome: string }>(database.url, "select outcome from autofolio_paper_1.runs where id = 'r-20251114T150000Z-dead'");
    expect(dead?.outcome).toBe('interrupted');
  });

  it('a missing URL variable is a config error naming the field and the variable', async () => {
    const run = await autofolio(['status', '--config', pgAccount.config], { env: { AUTOFOLIO_PG_URL: '' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${pgAccount.config}: store.urlEnv: the environment variable AUTOFOLIO_PG_URL is not set`);
  });

  it('refuses a URL written in the config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autofolio-pg-'));
    dirs.push(dir);
    const config = join(dir, 'autofolio.yaml');
    writeFileSync(config, readFileSync(pgAccount.config, 'utf8').replace(POSTGRES_STORE, '\nstore: { kind: postgres, url: "postgres://u:p@db/x" }\n'));
    const run = await autofolio(['status', '--config', config], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('store.url: the URL holds the database password, so it never goes in the config file: remove it and set AUTOFOLIO_PG_URL in the environment');
  });
});
