import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { RunLock } from '../src/cycle/run-lock.js';
import { SAMPLE_LAST_DAY } from '../src/data/sample/generate-sample-bars.js';
import { autofolio, CLI, type CliResult } from './cli.js';
import { logText } from './log-lines.js';

// The session's first trigger is 09:35 New York (14:35Z): thirty seconds later it is due.
const DUE = { AUTOFOLIO_DAEMON_CLOCK: `${SAMPLE_LAST_DAY}T14:35:30Z` };
const bootIdNow = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

function query<T>(dir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(dir, 'state', 'autofolio.sqlite'));
  try {
    const statement = db.prepare(sql);
    return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
  } finally {
    db.close();
  }
}

/** Starts the built CLI with `args`, and reports its output as it comes and its exit. */
function start(args: readonly string[], env: NodeJS.ProcessEnv, beforeExec?: (pid: number) => void): { output: () => string; waitFor: (pattern: RegExp) => Promise<void>; exited: Promise<CliResult> } {
  // Under `sh -c 'read go; exec node …'` the process keeps the shell's id: the test learns the
  // id the daemon will have before it starts, as a container's init would give it the same one.
  const child = beforeExec
    ? spawn('sh', ['-c', 'read go; exec "$0" "$@"', process.execPath, CLI, ...args], { env: { ...process.env, ...env } })
    : spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  const listeners: (() => void)[] = [];
  const heard = (): void => listeners.forEach((l) => l());
  child.stdout.on('data', (c: Buffer) => ((stdout += c.toString()), heard()));
  child.stderr.on('data', (c: Buffer) => ((stderr += c.toString()), heard()));
  const exited = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  if (beforeExec) {
    beforeExec(child.pid!);
    child.stdin.write('go\n');
  }
  return {
    output: () => stdout + stderr,
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (pattern.test(stdout + stderr)) resolve();
        };
        listeners.push(check);
        void exited.then((r) => reject(new Error(`exited (${r.code}) before printing ${pattern}:\n${r.stdout}\n${r.stderr}`)));
        check();
      }),
    exited,
  };
}

describe('locks across restarts and short-lived holders', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  async function freshAccount(): Promise<{ dir: string; config: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'autofolio-locks-'));
    dirs.push(dir);
    expect((await autofolio(['init', dir])).code).toBe(0);
    return { dir, config: join(dir, 'autofolio.yaml') };
  }

  it('a daemon restarted in a container with the same process id takes its own stale locks, marks its killed run interrupted, and runs the due trigger', async () => {
    const { dir, config } = await freshAccount();
    const dry = await autofolio(['run', '--dry-run', '--config', config]);
    expect(dry.code, dry.stderr).toBe(0);
    const [{ account }] = query<{ account: string }>(dir, 'select account from runs limit 1') as [{ account: string }];
    const daemon = start(['daemon', '--once', '--config', config], DUE, (pid) => {
      // What the daemon of the previous container left when it was killed: its locks and a
      // running run, all under the process id the new daemon gets, started at another time.
      const previous = { pid, bootId: bootIdNow, startTime: 1 };
      writeFileSync(join(dir, 'state', 'daemon.lock'), JSON.stringify({ ...previous, runId: 'daemon', purpose: 'daemon' }));
      writeFileSync(join(dir, 'state', 'run.lock'), JSON.stringify({ ...previous, runId: 'r-killed', purpose: 'trade' }));
      query(dir, "insert into runs (id, account, purpose, dry_run, started_at, outcome, pid) values ('r-killed', ?, 'trade', 0, '2025-11-13T20:35:00.000Z', 'running', ?)", account, pid);
    });
    const result = await daemon.exited;
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(logText(result.stderr)).toMatch(/done: trade \S+ \S+ ok/);
    const runs = query<{ id: string; outcome: string }>(dir, "select id, outcome from runs where dry_run = 0 order by rowid");
    expect(runs.map((r) => r.outcome)).toEqual(['interrupted', 'ok']);
  });

  it('a daemon trigger that finds the lock held by reconcile waits for it, then runs instead of skipping the hour', async () => {
    const { dir, config } = await freshAccount();
    const reconcile = new RunLock(join(dir, 'state', 'run.lock'));
    reconcile.acquire('r-reconcile', 'reconcile');
    const daemon = start(['daemon', '--once', '--config', config], DUE);
    try {
      await daemon.waitFor(/a reconcile \(r-reconcile, process \d+\) holds .*run\.lock: waiting up to 120 s/);
    } finally {
      reconcile.release();
    }
    const result = await daemon.exited;
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(logText(result.stderr)).toMatch(/done: trade \S+ \S+ ok/);
    expect(logText(result.stderr)).not.toMatch(/^done: .*skipped/m);
  });

  it('autofolio run waits for a dry run holding the lock, and refuses at once while a trading run holds it', async () => {
    const { dir, config } = await freshAccount();
    const other = new RunLock(join(dir, 'state', 'run.lock'));
    other.acquire('r-dry', 'dry-run');
    const run = start(['run', '--config', config], {});
    try {
      await run.waitFor(/a dry-run \(r-dry, process \d+\) holds .*: waiting up to 120 s/);
    } finally {
      other.release();
    }
    expect((await run.exited).code).toBe(0);
    other.acquire('r-live', 'trade');
    try {
      const refused = await autofolio(['run', '--config', config]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/another run \(trade r-live, process \d+\) holds the lock/);
    } finally {
      other.release();
    }
  });
});
