import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SAMPLE_LAST_DAY } from '../src/data/sample/generate-sample-bars.js';
import { calibrationLine, machineLine } from './machine.js';
import { formatTable } from './table.js';

// `npm run bench:queue`: runs per minute of the job queue with 1 and 2 workers, as users run it:
// `autofolio scheduler` on a simulated day over paper accounts made by `autofolio init`, and
// `autofolio worker` processes taking the jobs from PostgreSQL. The URL of a server where it may
// create databases comes from AUTOFOLIO_BENCH_PG_URL (or AUTOFOLIO_PG_URL); without one it says
// so and measures nothing. Figures only: nothing here asserts a time.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = fileURLToPath(new URL('../bin/autofolio.js', import.meta.url));
copyFileSync(join(ROOT, 'package.json'), fileURLToPath(new URL('../package.json', import.meta.url)));
const ACCOUNTS = 10;
const DAY = ['--clock', 'simulated', '--from', `${SAMPLE_LAST_DAY}T14:31:00Z`, '--to', `${SAMPLE_LAST_DAY}T23:59:00Z`];

const serverUrl = process.env.AUTOFOLIO_BENCH_PG_URL ?? process.env.AUTOFOLIO_PG_URL;
if (!serverUrl) {
  console.log('autofolio bench:queue skipped: set AUTOFOLIO_BENCH_PG_URL (or AUTOFOLIO_PG_URL) to a PostgreSQL server where the bench may create databases');
  process.exit(0);
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function openJobs(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: number }>("select count(*)::int as n from pgboss.job where name = 'autofolio-cycle' and state in ('created', 'retry', 'active')");
    return result.rows[0]!.n;
  } finally {
    await client.end();
  }
}

function cli(args: readonly string[], env: NodeJS.ProcessEnv): void {
  const result = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`autofolio ${args.join(' ')} failed: ${result.stderr}`);
}

/** One measurement: a fresh database and fresh accounts, `workers` worker processes, the day's jobs. */
async function measure(workers: number): Promise<{ runs: number; seconds: number }> {
  const name = `autofolio_bench_queue_${process.pid}_${workers}`;
  await admin(`drop database if exists ${name} with (force)`);
  await admin(`create database ${name}`);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  const env = { AUTOFOLIO_PG_URL: url.toString(), AUTOFOLIO_LOG_LEVEL: 'warn' };
  const root = mkdtempSync(join(tmpdir(), 'autofolio-bench-queue-'));
  const children: ReturnType<typeof spawn>[] = [];
  try {
    cli(['init', join(root, 'template')], env);
    for (let i = 1; i <= ACCOUNTS; i++) {
      const dir = join(root, `B-${i}`);
      cpSync(join(root, 'template'), dir, { recursive: true });
      const config = join(dir, 'autofolio.yaml');
      writeFileSync(config, readFileSync(config, 'utf8').replace(/^ {2}id: PAPER-1\b/m, `  id: B-${i}`));
      cli(['accounts', 'add', config], env);
    }
    // The jobs are enqueued first, so the clock measures the workers alone.
    cli(['scheduler', ...DAY], env);
    const runs = await openJobs(env.AUTOFOLIO_PG_URL);
    const start = process.hrtime.bigint();
    for (let i = 0; i < workers; i++) children.push(spawn(process.execPath, [CLI, 'worker'], { env: { ...process.env, ...env }, stdio: 'ignore' }));
    while ((await openJobs(env.AUTOFOLIO_PG_URL)) > 0) await new Promise((r) => setTimeout(r, 200));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return { runs, seconds };
  } finally {
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(undefined) : (c.once('exit', r), c.kill('SIGTERM'))))));
    rmSync(root, { recursive: true, force: true });
    await admin(`drop database if exists ${name} with (force)`);
  }
}

console.log(`autofolio bench:queue: ${ACCOUNTS} paper accounts, a simulated day of hourly runs (${SAMPLE_LAST_DAY}), jobs on PostgreSQL (pg-boss), \`autofolio worker\` processes of one cycle at a time`);
console.log(machineLine());
console.log(`${calibrationLine()}\n`);
const rows: string[][] = [];
for (const workers of [1, 2]) {
  const { runs, seconds } = await measure(workers);
  rows.push([String(workers), String(runs), seconds.toFixed(1), ((runs / seconds) * 60).toFixed(1)]);
}
for (const line of formatTable(['workers', 'runs', 'wall s', 'runs per minute'], rows, [])) console.log(line);
console.log('wall: from the first worker started to the last job done; each run is a full paper cycle (open the account, plan, risk gate, send, fills, journal, e-mail to the outbox)');
