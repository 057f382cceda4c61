import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_LAST_DAY } from '../src/data/sample/generate-sample-bars.js';
import { autofolio } from './cli.js';
import { serveDashboard } from './dashboard-server.js';
import { freshDatabase, pgAvailable, type TestDatabase } from './pg-harness.js';
import { journalRows, paperAccounts, QueueProcess } from './queue-processes.js';

const hasPg = await pgAvailable();

// The sample data's last day, Friday SAMPLE_LAST_DAY (New York, EST): from just after the open
// (so the day before's end-of-day run is no longer due) to before midnight: the hourly trading
// runs at :35 and the end-of-day run.
const DAY = ['--clock', 'simulated', '--from', `${SAMPLE_LAST_DAY}T14:31:00Z`, '--to', `${SAMPLE_LAST_DAY}T23:59:00Z`];
const TRIGGERS = [...['14', '15', '16', '17', '18', '19', '20'].map((h) => `${SAMPLE_LAST_DAY}T${h}:35:00.000Z`), `${SAMPLE_LAST_DAY}T22:30:00.000Z`];

async function queueRows<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Every cycle job pg-boss holds, wherever its maintenance has moved it. */
const ALL_JOBS = "(select singleton_key, state, data from pgboss.job where name = 'autofolio-cycle' union all select singleton_key, state, data from pgboss.archive where name = 'autofolio-cycle') jobs";

/**
 * The trigger a run belongs to: a worker runs a simulated job on a clock that starts at the
 * trigger's time and goes at the speed of real time, so a run starts a little after its trigger,
 * well before the next (an hour later).
 */
function triggerOf(startedAt: string): string {
  const started = Date.parse(startedAt);
  const trigger = TRIGGERS.filter((t) => Date.parse(t) <= started).at(-1);
  return trigger !== undefined && started - Date.parse(trigger) < 10 * 60_000 ? trigger : `no trigger just before ${startedAt}`;
}

async function registerAll(accounts: readonly { config: string }[], env: NodeJS.ProcessEnv): Promise<void> {
  for (let i = 0; i < accounts.length; i += 5) {
    const added = await Promise.all(accounts.slice(i, i + 5).map((a) => autofolio(['accounts', 'add', a.config], { env })));
    for (const r of added) expect(r.code, r.stderr).toBe(0);
  }
}

describe.skipIf(!hasPg)('many accounts on the job queue (PostgreSQL, pg-boss)', () => {
  let root: string;
  const databases: TestDatabase[] = [];
  const processes: QueueProcess[] = [];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'autofolio-queue-'));
  });
  afterAll(async () => {
    for (const p of processes) await p.stop();
    for (const d of databases) await d.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('two schedulers at once, then a restart: every trigger of every account is enqueued once', async () => {
    const db = await freshDatabase('queue_schedulers');
    databases.push(db);
    const env = { AUTOFOLIO_PG_URL: db.url };
    const accounts = await paperAccounts(join(root, 'schedulers'), 3);
    await registerAll(accounts, env);
    const first = new QueueProcess(['scheduler', ...DAY], env);
    const second = new QueueProcess(['scheduler', ...DAY], env);
    processes.push(first, second);
    expect(await first.exited, first.stderr).toEqual({ code: 0, signal: null });
    expect(await second.exited, second.stderr).toEqual({ code: 0, signal: null });
    const restarted = await autofolio(['scheduler', ...DAY], { env });
    expect(restarted.code, restarted.stderr).toBe(0);
    const perAccount = await queueRows<{ singleton_key: string; n: number }>(db.url, `select singleton_key, count(*)::int as n from ${ALL_JOBS} group by singleton_key order by singleton_key`);
    expect(perAccount).toEqual(accounts.map((a) => ({ singleton_key: a.id, n: TRIGGERS.length })));
    const enqueued = [first, second].map((p) => (p.text().match(/: enqueued (trade|end-of-day)/g) ?? []).length);
    expect(enqueued[0]! + enqueued[1]!).toBe(accounts.length * TRIGGERS.length);
    expect(restarted.stderr).toMatch(/stopped after enqueuing 0 jobs/);
  }, 120_000);

  it('the dashboard serves every registered account, listed with a link to each one\'s view', async () => {
    const db = await freshDatabase('queue_dashboard');
    databases.push(db);
    const env = { AUTOFOLIO_PG_URL: db.url, AUTOFOLIO_DASHBOARD_TOKEN: 'queue-dashboard-token-7c1e4b' };
    const accounts = await paperAccounts(join(root, 'dashboard'), 3);
    await registerAll(accounts, env);
    const dashboard = await serveDashboard(['--registered'], env);
    try {
      const headers = { authorization: `Bearer ${env.AUTOFOLIO_DASHBOARD_TOKEN}` };
      const api = (await (await fetch(new URL('/api/accounts', dashboard.url), { headers })).json()) as { id: string }[];
      expect(api.map((a) => a.id)).toEqual(accounts.map((a) => a.id));
      const page = await (await fetch(new URL('/accounts', dashboard.url), { headers })).text();
      for (const a of accounts) expect(page).toContain(`<a href="/?account=${a.id}">${a.id}</a>`);
    } finally {
      await dashboard.stop();
    }
  }, 60_000);

  it('two workers and a scheduler over 20 accounts for a day, one worker killed mid-cycle: every trigger runs once, no order twice', async () => {
    const db = await freshDatabase('queue_day');
    databases.push(db);
    const env = { AUTOFOLIO_PG_URL: db.url };
    const accounts = await paperAccounts(join(root, 'day'), 20);
    await registerAll(accounts, env);
    const steady = new QueueProcess(['worker', '--concurrency', '2'], env);
    // This worker kills itself (SIGKILL, as kill -9) at the second order its first trading run
    // sends; one cycle at a time, so that exactly one run is cut short.
    const doomed = new QueueProcess(['worker', '--concurrency', '1'], { ...env, AUTOFOLIO_FAULT: 'send-order@2' });
    processes.push(steady, doomed);
    await Promise.all([steady.waitFor(/autofolio worker \d+/), doomed.waitFor(/autofolio worker \d+/)]);
    // A short lease, so that the killed worker's job comes back within seconds.
    const scheduler = new QueueProcess(['scheduler', ...DAY, '--lease-seconds', '15'], env);
    processes.push(scheduler);
    expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // Its replacement, so that two workers carry on.
    const replacement = new QueueProcess(['worker', '--concurrency', '2'], env);
    processes.push(replacement);
    expect(await scheduler.exited, scheduler.stderr).toEqual({ code: 0, signal: null });
    const deadline = Date.now() + 240_000;
    for (;;) {
      const [open] = await queueRows<{ n: number }>(db.url, `select count(*)::int as n from ${ALL_JOBS} where state in ('created', 'retry', 'active')`);
      if (open!.n === 0) break;
      if (Date.now() > deadline) throw new Error(`jobs still open after 4 minutes; worker logs:\n${steady.stderr.slice(-3000)}\n${replacement.stderr.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(await steady.stop()).toEqual({ code: 0, signal: null });
    expect(await replacement.stop()).toEqual({ code: 0, signal: null });

    const states = await queueRows<{ state: string; n: number }>(db.url, `select state, count(*)::int as n from ${ALL_JOBS} group by state`);
    expect(states).toEqual([{ state: 'completed', n: accounts.length * TRIGGERS.length }]);

    let interrupted = 0;
    for (const account of accounts) {
      const runs = journalRows<{ id: string; outcome: string; started_at: string }>(account.dir, 'select id, outcome, started_at from runs order by rowid');
      const finished = runs.filter((r) => r.outcome !== 'interrupted');
      // Each trigger ran exactly once to its end, in trigger order.
      expect(finished.map((r) => triggerOf(r.started_at)), account.id).toEqual(TRIGGERS);
      expect(finished.every((r) => r.outcome === 'ok'), `${account.id}: ${JSON.stringify(finished)}`).toBe(true);
      interrupted += runs.length - finished.length;

      // No orderRef sent twice, and between a killed run and its retry no symbol bought twice.
      const [paper] = journalRows<{ json: string }>(account.dir, "select json from documents where key = 'paper-account'");
      const broker = JSON.parse(paper!.json) as { orders: { tag: string; status: string }[]; fills: { execId: string }[] };
      const tags = broker.orders.map((o) => o.tag);
      expect(new Set(tags).size, account.id).toBe(tags.length);
      const killed = runs.findIndex((r) => r.outcome === 'interrupted');
      if (killed >= 0) {
        const pair = new Set([runs[killed]!.id, runs[killed + 1]!.id]);
        const filledSymbols = broker.orders.filter((o) => o.status === 'filled' && pair.has(o.tag.split(':')[0]!)).map((o) => o.tag.split(':')[1]);
        expect(new Set(filledSymbols).size, account.id).toBe(filledSymbols.length);
      }
      // Every fill the broker made is in the journal once.
      const fills = journalRows<{ exec_id: string }>(account.dir, 'select exec_id from fills').map((f) => f.exec_id);
      expect([...fills].sort(), account.id).toEqual(broker.fills.map((f) => f.execId).sort());
    }
    // The killed worker's run, and only it, was interrupted; its retry ran it to its end.
    expect(interrupted).toBe(1);

    const status = await autofolio(['accounts', 'status', '--json'], { env });
    expect(status.code, status.stderr).toBe(0);
    const rows = JSON.parse(status.stdout) as { id: string; lastRun?: { outcome: string; triggerTime: string }; nlv?: number }[];
    expect(rows.map((r) => r.id)).toEqual(accounts.map((a) => a.id));
    for (const row of rows) {
      expect(row.lastRun).toMatchObject({ outcome: 'ok', triggerTime: TRIGGERS.at(-1) });
      expect(row.nlv).toBeGreaterThan(0);
    }
  }, 420_000);
});
