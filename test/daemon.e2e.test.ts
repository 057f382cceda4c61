import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_LAST_DAY } from '../src/data/sample/generate-sample-bars.js';
import { autofolio, CLI } from './cli.js';
import { logText } from './log-lines.js';

// The sample data ends on Friday SAMPLE_LAST_DAY (New York, EST): its 14:35 trigger is 19:35Z.
const TRIGGER = `${SAMPLE_LAST_DAY}T19:35:00Z`;
const at = (hhmmss: string, day = SAMPLE_LAST_DAY): string => `${day}T${hhmmss}Z`;

function query<T>(dir: string, sql: string): T[] {
  const db = new Database(join(dir, 'state', 'autofolio.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** A long-running `autofolio daemon` child, with its output gathered as it comes. */
class DaemonProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(config: string, env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [CLI, 'daemon', '--config', config], { env: { ...process.env, ...env } });
    this.child.stdout.on('data', (c: Buffer) => (this.stdout += c.toString()));
    this.child.stderr.on('data', (c: Buffer) => (this.stderr += c.toString()));
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
  }

  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    const start = Date.now();
    while (!pattern.test(logText(this.stderr))) {
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${pattern}; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function freshAccount(): Promise<{ dir: string; config: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'autofolio-daemon-'));
  const init = await autofolio(['init', dir]);
  expect(init.code, init.stderr).toBe(0);
  return { dir, config: join(dir, 'autofolio.yaml') };
}

describe('autofolio daemon as a child process, on a test clock', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('SIGTERM during a cycle waits for the cycle to finish, then exits 0', async () => {
    const { dir, config } = await freshAccount();
    dirs.push(dir);
    // The cycle pauses 3 s in plan-orders (the fault switch of issue 8): SIGTERM lands mid-cycle.
    // Two seconds before the session's first trigger (09:35 EST), so nothing earlier is still due.
    const daemon = new DaemonProcess(config, { AUTOFOLIO_DAEMON_CLOCK: at('14:34:58'), AUTOFOLIO_FAULT: 'step:plan-orders~3000' });
    await daemon.waitFor(/fire: trade 2025-11-14T14:35:00.000Z \(session 2025-11-14, session start digest\)/);
    await new Promise((r) => setTimeout(r, 500));
    expect(query(dir, "select id from runs where outcome = 'running'")).toHaveLength(1);
    daemon.child.kill('SIGTERM');
    const exit = await daemon.exited;
    expect(exit, daemon.stderr).toEqual({ code: 0, signal: null });
    const out = logText(daemon.stderr);
    expect(out.indexOf('SIGTERM: waiting for the running cycle')).toBeGreaterThan(out.indexOf('fire: trade'));
    expect(out.indexOf('done: trade')).toBeGreaterThan(out.indexOf('SIGTERM: waiting'));
    expect(out).toMatch(/stopped\s*$/);
    const runs = query<{ outcome: string; ended_at: string | null }>(dir, 'select outcome, ended_at from runs');
    expect(runs).toHaveLength(1);
    expect(runs[0]?.outcome).toBe('ok');
    expect(runs[0]?.ended_at).not.toBeNull();
  });

  it('a second daemon for the same account refuses to start (exit 2) while the first runs; status shows the first', async () => {
    const { dir, config } = await freshAccount();
    dirs.push(dir);
    // Started a minute after the 19:35 trigger: on a first start the latest trigger of an open
    // session counts as missed, so it runs at once; then the daemon waits for 20:35.
    const first = new DaemonProcess(config, { AUTOFOLIO_DAEMON_CLOCK: at('19:36:00') });
    await first.waitFor(/next: trade 2025-11-14T20:35:00.000Z/);
    expect(logText(first.stderr)).toMatch(/done: trade 2025-11-14T19:35:00.000Z \S+ ok/);
    const second = await autofolio(['daemon', '--config', config], { env: { AUTOFOLIO_DAEMON_CLOCK: at('19:36:30') } });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`another scheduler \\(daemon, process ${first.child.pid}\\)`));
    const tick = await autofolio(['daemon', '--once', '--config', config], { env: { AUTOFOLIO_DAEMON_CLOCK: at('19:36:30') } });
    expect(tick.code).toBe(2);
    const status = await autofolio(['status', '--json', '--config', config]);
    expect(JSON.parse(status.stdout).daemon).toEqual({ running: true, pid: first.child.pid });
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    expect(query(dir, 'select id from runs')).toHaveLength(1);
  });
});

describe('autofolio daemon --once (the cron tick), restarts, heartbeat and watchdog', () => {
  let dir: string;
  let config: string;
  let server: Server;
  const pings: { path: string; body: string }[] = [];
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    ({ dir, config } = await freshAccount());
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => (pings.push({ path: req.url ?? '', body }), res.end('OK')));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    env = { AUTOFOLIO_HEARTBEAT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hc/check-1` };
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  const tick = (time: string) => autofolio(['daemon', '--once', '--config', config], { env: { ...env, AUTOFOLIO_DAEMON_CLOCK: time } });
  const runCount = (): number => query(dir, 'select id from runs').length;

  it('runs a trigger missed while nothing ran once, late, and pings the heartbeat', async () => {
    const first = await tick(at('19:50:00'));
    expect(first.code, first.stderr).toBe(0);
    expect(logText(first.stderr)).toMatch(new RegExp(`fire: trade ${TRIGGER.replace('Z', '.000Z')} .*missed and run late`));
    expect(runCount()).toBe(1);
    expect(pings).toEqual([{ path: '/hc/check-1', body: expect.stringMatching(/^PAPER-1 trade run \S+: ok$/) as unknown as string }]);
  });

  it('does not run the same trigger twice on the next restart', async () => {
    const again = await tick(at('19:55:00'));
    expect(again.code, again.stderr).toBe(0);
    expect(logText(again.stderr)).toMatch(/no trigger due/);
    expect(runCount()).toBe(1);
  });

  it('fires the next trigger when its time comes, with the day-end digest', async () => {
    const next = await tick(at('20:35:01'));
    expect(logText(next.stderr)).toMatch(/fire: trade 2025-11-14T20:35:00.000Z \(session 2025-11-14, session end digest\)/);
    expect(runCount()).toBe(2);
    const mails = readdirSync(join(dir, 'state', 'outbox')).filter((f) => f.includes('digest'));
    expect(mails.length).toBeGreaterThanOrEqual(2);
  });

  it('the watchdog is quiet while runs keep up, and alerts once when a trigger had no successful run', async () => {
    const watchdog = (time: string) => autofolio(['watchdog', '--json', '--config', config], { env: { AUTOFOLIO_DAEMON_CLOCK: time } });
    const alerts = (): number => readdirSync(join(dir, 'state', 'outbox')).filter((f) => f.includes('alert')).length;
    const ok = await watchdog(at('21:00:00'));
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ healthy: true, alerted: false });
    // Friday's 17:30 end-of-day job never ran.
    const stale = await watchdog(at('10:30:00', '2025-11-15'));
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stdout)).toMatchObject({ healthy: false, alerted: true, expectedTrigger: { time: '2025-11-14T22:30:00.000Z', kind: 'end-of-day' } });
    expect(alerts()).toBe(1);
    const still = await watchdog(at('10:45:00', '2025-11-15'));
    expect(JSON.parse(still.stdout)).toMatchObject({ healthy: false, alerted: false });
    expect(alerts()).toBe(1);
  });
});
