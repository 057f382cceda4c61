import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofolio } from './cli.js';
import { backtraderAccount } from './oracle/backtrader-data.js';
import { freshDatabase, pgAvailable, type TestDatabase } from './pg-harness.js';
import { QueueProcess } from './queue-processes.js';

const hasPg = await pgAvailable();

describe('autofolio backtest --queue refuses what it cannot run', () => {
  it('without a grid, without the queue\'s URL, with a lease that is not a whole number of seconds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autofolio-sweep-queue-args-'));
    try {
      const { configFile } = backtraderAccount(dir, 2, 80, 3);
      const unset = { AUTOFOLIO_PG_URL: '', SWEEP_PG: '' };
      const runs = await Promise.all([
        autofolio(['backtest', '--config', configFile, '--queue'], { env: unset }),
        autofolio(['backtest', '--config', configFile, '--sweep', 'lookback=20,40', '--queue', '--queue-url-env', 'SWEEP_PG'], { env: unset }),
        autofolio(['backtest', '--config', configFile, '--sweep', 'lookback=20,40', '--queue', '--lease-seconds', '0.5'], { env: unset }),
      ]);
      const messages = ['--queue runs a sweep\'s combinations on the job queue: give the grid with --sweep', 'SWEEP_PG is not set: it holds the PostgreSQL URL of the job queue', '--lease-seconds 0.5: expected a whole number of at least 1'];
      runs.forEach((run, i) => {
        expect(run.code, run.stderr).toBe(1);
        expect(run.stderr).toContain(messages[i]);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!hasPg)('backtest sweeps on the job queue (PostgreSQL, pg-boss)', () => {
  let dir: string;
  let config: string;
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const processes: QueueProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-sweep-queue-'));
    ({ configFile: config } = backtraderAccount(dir, 4, 200, 11));
    db = await freshDatabase('sweep_queue');
    env = { AUTOFOLIO_PG_URL: db.url };
  });
  afterAll(async () => {
    for (const p of processes) await p.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  function worker(): QueueProcess {
    const p = new QueueProcess(['worker'], env);
    processes.push(p);
    return p;
  }

  // grossExposure 7 is beyond what the config allows: an error row, with its NaN final equity, goes through the queue too.
  const grid = ['--rebalance', 'every:21', '--sweep', 'lookback=20,40,60', '--sweep', 'grossExposure=0.5,0.98,7'];

  it('two workers run the grid: the queued sweep prints what the local sweep prints, as JSON and as the table', async () => {
    const workers = [worker(), worker()];
    for (const w of workers) await w.waitFor(/autofolio worker \d+: /);
    const local = await autofolio(['backtest', '--config', config, ...grid, '--json']);
    expect(local.code, local.stderr).toBe(0);
    const rows = JSON.parse(local.stdout) as { error?: string }[];
    expect(rows).toHaveLength(9);
    expect(rows.filter((r) => r.error)).toHaveLength(3);
    const queued = await autofolio(['backtest', '--config', config, ...grid, '--json', '--queue'], { env });
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout).toBe(local.stdout);
    expect(queued.stderr).toMatch(/sweep \S+: 9 points enqueued on backtest-sweep/);
    const ran = workers.map((w) => (w.text().match(/ point \d+\/9 \([^)]*\): (done|error)/g) ?? []).length);
    expect(ran[0]! + ran[1]!).toBe(9);

    const [localTable, queuedTable] = await Promise.all([autofolio(['backtest', '--config', config, ...grid, '--sort-by', 'twr']), autofolio(['backtest', '--config', config, ...grid, '--sort-by', 'twr', '--queue'], { env })]);
    expect(queuedTable.code, queuedTable.stderr).toBe(0);
    expect(queuedTable.stdout).toBe(localTable.stdout);
    for (const w of workers) expect(await w.stop()).toEqual({ code: 0, signal: null });
  }, 300_000);

  it('a worker killed mid-point: the point runs again on another worker after its lease, and the sweep ends as the local one', async () => {
    const big = join(dir, 'big');
    const { configFile } = backtraderAccount(big, 8, 3000, 12);
    const args = ['backtest', '--config', configFile, '--rebalance', 'every:5', '--sweep', 'lookback=20,40', '--json'];
    const local = await autofolio(args);
    expect(local.code, local.stderr).toBe(0);
    const sweep = new QueueProcess([...args, '--queue', '--lease-seconds', '3'], env);
    processes.push(sweep);
    const killed = worker();
    await killed.waitFor(/ point 1\/2 \(lookback=20\): started/);
    killed.child.kill('SIGKILL');
    expect(await killed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // Killed before it stored the point: else the run below would not be a retry.
    expect(killed.text()).not.toMatch(/ point 1\/2 \(lookback=20\): done/);
    const rescuer = worker();
    expect(await sweep.exited, sweep.stderr).toEqual({ code: 0, signal: null });
    expect(sweep.stdout).toBe(local.stdout);
    expect(rescuer.text()).toMatch(/ point 1\/2 \(lookback=20\): done/);
    expect(await rescuer.stop()).toEqual({ code: 0, signal: null });
  }, 300_000);

  it('a point whose worker dies on every try (4: the first and 3 retries) fails the sweep, naming the point', async () => {
    const { configFile } = backtraderAccount(join(dir, 'doomed'), 8, 3000, 13);
    const sweep = new QueueProcess(['backtest', '--config', configFile, '--rebalance', 'every:5', '--sweep', 'lookback=30', '--json', '--queue', '--lease-seconds', '1'], env);
    processes.push(sweep);
    for (let i = 0; i < 4; i++) {
      const doomed = worker();
      await doomed.waitFor(/ point 1\/1 \(lookback=30\): started/, 60_000);
      doomed.child.kill('SIGKILL');
      await doomed.exited;
      expect(doomed.text()).not.toMatch(/ point 1\/1 \(lookback=30\): done/);
    }
    expect(await sweep.exited, sweep.stderr).toEqual({ code: 1, signal: null });
    expect(sweep.stdout).toBe('');
    expect(sweep.stderr).toMatch(/point 1\/1 \(lookback=30\) failed after 4 tries: its worker died or ran past the lease \(--lease-seconds\)/);
  }, 300_000);

  it('SIGTERM while no worker runs: the command stops waiting and takes its points off the queue', async () => {
    const sweep = new QueueProcess(['backtest', '--config', config, ...grid, '--queue'], env);
    processes.push(sweep);
    await sweep.waitFor(/sweep \S+: 9 points enqueued on backtest-sweep/);
    const sweepId = /sweep (\S+): 9 points enqueued/.exec(sweep.text())![1]!;
    sweep.child.kill('SIGTERM');
    expect(await sweep.exited, sweep.stderr).toEqual({ code: 1, signal: null });
    expect(sweep.stderr).toContain(`SIGTERM: sweep ${sweepId} stopped; its points not yet run are taken off the queue`);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ state: string; n: number }>("select state, count(*)::int as n from pgboss.job where name = 'backtest-sweep' and data->>'sweepId' = $1 group by state", [sweepId]);
      expect(rows).toEqual([{ state: 'cancelled', n: 9 }]);
    } finally {
      await client.end();
    }
  }, 120_000);
});
