import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CYCLE_STEPS, stepFaultPoint, type CycleStep } from '../src/cycle/cycle-steps.js';
import { SAMPLE_LAST_DAY } from '../src/data/sample/generate-sample-bars.js';
import { autofolio, CLI, type CliResult, type RunJson } from './cli.js';
import { ibAccountDir } from './ib-gateway/account-dir.js';
import { defaultGatewayState } from './ib-gateway/gateway-state.js';
import { StandInGateway } from './ib-gateway/stand-in-gateway.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-harness.js';

// A real full disk: each account lives on its own small tmpfs, and the fault switch fills it at
// the start of one step. Mounting needs root (as in a CI container); elsewhere this is skipped.
function tryMount(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0700', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const probe = mkdtempSync(join(tmpdir(), 'autofolio-tmpfs-probe-'));
const canMount = tryMount(probe);
if (canMount) execFileSync('umount', [probe]);
rmSync(probe, { recursive: true, force: true });

interface Outcome {
  readonly step: CycleStep;
  readonly full: CliResult;
  readonly rerun: CliResult;
  readonly dryRunPlanned: number;
  readonly placedRefs: string[];
  readonly executions: string[];
  readonly recordedFills: string[];
  readonly csvFills: string[];
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

/** An IB account on the stand-in gateway, its state on a fresh tmpfs, alerts to the SMTP server. */
async function diskFullAt(step: CycleStep, smtpPort: number, mounts: string[]): Promise<Outcome> {
  const gateway = new StandInGateway(defaultGatewayState());
  const port = await gateway.start();
  const { dir, config } = ibAccountDir(port);
  mounts.push(dir);
  try {
    const text = readFileSync(config, 'utf8');
    const state = join(dir, 'state');
    execFileSync('mkdir', [state]);
    if (!tryMount(state)) throw new Error(`cannot mount a tmpfs on ${state}`);
    writeFileSync(config, text.replace('notify: { to: owner@example.com }', `notify:\n  to: owner@example.com\n  email: { host: 127.0.0.1, port: ${smtpPort}, requireTls: false, timeoutSeconds: 5 }\n`));
    const full = await autofolio(['run', '--json', '--config', config], { env: { AUTOFOLIO_FAULT: `disk-full:${stepFaultPoint(step)}`, AUTOFOLIO_FAULT_BALLAST: join(state, 'ballast') } });
    rmSync(join(state, 'ballast'), { force: true });
    // The same client id (7) as the run on the full disk: refused (IB 326) if that one left its session open.
    const rerun = await autofolio(['run', '--json', '--config', config]);
    const dry = await autofolio(['run', '--dry-run', '--json', '--config', config]);
    const db = new Database(join(state, 'autofolio.sqlite'), { readonly: true });
    const recordedFills = (db.prepare('select exec_id from fills order by exec_id').all() as { exec_id: string }[]).map((f) => f.exec_id);
    db.close();
    let csv = '';
    try {
      csv = readFileSync(join(state, 'trades.csv'), 'utf8');
    } catch {
      // No fills, no file.
    }
    return {
      step,
      full,
      rerun,
      dryRunPlanned: dry.code === 0 ? (JSON.parse(dry.stdout) as RunJson).ordersPlanned : -1,
      placedRefs: gateway.placed.map((p) => p.orderRef),
      executions: gateway.state.executions.map((e) => e.execId).sort(),
      recordedFills,
      csvFills: csv.trim().split('\n').slice(1).filter(Boolean).map((line) => line.split(',')[9]!).sort(),
    };
  } finally {
    await gateway.stop();
  }
}

describe.runIf(canMount)('the disk fills at the start of each step of a run on IB (stand-in gateway)', () => {
  const steps = CYCLE_STEPS.map((s) => s.name);
  const mounts: string[] = [];
  let smtp: TestSmtpServer;
  let outcomes: Outcome[];

  beforeAll(async () => {
    smtp = await startSmtpServer({ tls: 'none' });
    outcomes = await inPairs(steps, (step) => diskFullAt(step, smtp.port, mounts));
  }, 600_000);

  afterAll(async () => {
    await smtp?.close();
    for (const dir of mounts) {
      try {
        execFileSync('umount', [join(dir, 'state')], { stdio: 'ignore' });
      } catch {
        // Not mounted: the case failed before mounting.
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const outcome = (step: CycleStep): Outcome => outcomes.find((o) => o.step === step)!;

  it.each(steps)('full at %s: the run ends with exit 1 and names the full disk as its error', (step) => {
    const { full } = outcome(step);
    expect(full.code, full.stderr + full.stdout).toBe(1);
    const result = JSON.parse(full.stdout) as RunJson;
    expect(result.outcome).toBe('error');
    expect(result.problems.join('\n')).toMatch(/database or disk is full|ENOSPC/);
  });

  it.each(steps)('full at %s: the owner is alerted (straight by SMTP, since the outbox is in the full database)', (step) => {
    const runId = (JSON.parse(outcome(step).full.stdout) as RunJson).runId;
    const alerts = smtp.received.filter((m) => m.parsed.subject?.startsWith('[autofolio] ERROR DU111111') && (m.parsed.text ?? '').includes(runId));
    expect(alerts.length).toBeGreaterThan(0);
  });

  it.each(steps)('full at %s: the session was closed, so the next run with the same client id succeeds and reaches the target', (step) => {
    const { rerun, dryRunPlanned } = outcome(step);
    expect(rerun.code, rerun.stderr + rerun.stdout).toBe(0);
    expect(dryRunPlanned).toBe(0);
  });

  it.each(steps)('full at %s: no order was sent twice and every fill is recorded exactly once', (step) => {
    const { placedRefs, executions, recordedFills, csvFills } = outcome(step);
    expect(new Set(placedRefs).size).toBe(placedRefs.length);
    expect(recordedFills).toEqual(executions);
    expect(csvFills).toEqual(executions);
  });
});

describe.runIf(canMount)('the daemon when the disk fills during a run', () => {
  let dir: string;
  let smtp: TestSmtpServer;

  afterAll(async () => {
    await smtp?.close();
    releaseAccount(dir);
  });

  it('survives the failed run, alerts the owner, and still stops on SIGTERM', async () => {
    smtp = await startSmtpServer({ tls: 'none' });
    dir = mkdtempSync(join(tmpdir(), 'autofolio-daemon-full-'));
    const config = await accountOnSmallDisk(dir, smtp);
    // Two seconds before the session's first trigger (09:35 New York): the disk fills as that run plans its orders.
    const env = { AUTOFOLIO_DAEMON_CLOCK: `${SAMPLE_LAST_DAY}T14:34:58Z`, AUTOFOLIO_FAULT: 'disk-full:step:plan-orders', AUTOFOLIO_FAULT_BALLAST: join(dir, 'state', 'ballast') };
    const child = spawn(process.execPath, [CLI, 'daemon', '--config', config], { env: { ...process.env, ...env } });
    // The daemon's log is JSON lines on stderr; its messages are matched in the raw lines.
    let log = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    const runDone = new Promise<void>((resolve, reject) => {
      const heard = (c: Buffer) => {
        log += c.toString();
        if (/done: trade \S+ \S+ error/.test(log) && /next: /.test(log.slice(log.indexOf('done: trade')))) resolve();
      };
      child.stdout.on('data', heard);
      child.stderr.on('data', heard);
      void exited.then(() => reject(new Error(`the daemon exited after the failed run:\n${log}`)));
    });
    await runDone;
    expect(log).toMatch(/done: trade \S+ \S+ error: plan-orders: database or disk is full/);
    expect(smtp.received.some((m) => /^\[autofolio\] ERROR PAPER-1 plan-orders: database or disk is full/.test(m.parsed.subject ?? ''))).toBe(true);
    child.kill('SIGTERM');
    expect(await exited, log).toEqual({ code: 0, signal: null });
    expect(log).toMatch(/SIGTERM: stopping/);
  }, 120_000);
});

describe.runIf(canMount)('a database on a file system that became read-only', () => {
  let dir: string;
  let smtp: TestSmtpServer;

  afterAll(async () => {
    await smtp?.close();
    releaseAccount(dir);
  });

  it('the run names the file, exits 1, and alerts the owner straight by SMTP', async () => {
    smtp = await startSmtpServer({ tls: 'none' });
    dir = mkdtempSync(join(tmpdir(), 'autofolio-readonly-'));
    const config = await accountOnSmallDisk(dir, smtp);
    expect((await autofolio(['run', '--config', config])).code).toBe(0);
    const before = smtp.received.length;
    execFileSync('mount', ['-o', 'remount,ro', join(dir, 'state')]);
    const run = await autofolio(['run', '--config', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(join(dir, 'state', 'autofolio.sqlite'));
    expect(run.stderr).toMatch(/readonly|unable to open/);
    expect(run.stderr).toMatch(/alerted the owner/);
    expect(smtp.received.slice(before).some((m) => /^\[autofolio\] ERROR PAPER-1 /.test(m.parsed.subject ?? ''))).toBe(true);
  }, 60_000);
});

/** A new account in `dir` that mails `smtp`, with its state folder on a small tmpfs of its own. */
async function accountOnSmallDisk(dir: string, smtp: TestSmtpServer): Promise<string> {
  expect((await autofolio(['init', dir])).code).toBe(0);
  const config = join(dir, 'autofolio.yaml');
  writeFileSync(config, `${readFileSync(config, 'utf8')}  email: { host: 127.0.0.1, port: ${smtp.port}, requireTls: false, timeoutSeconds: 5 }\n`);
  mkdirSync(join(dir, 'state'));
  expect(tryMount(join(dir, 'state'))).toBe(true);
  return config;
}

function releaseAccount(dir: string): void {
  try {
    execFileSync('umount', [join(dir, 'state')], { stdio: 'ignore' });
  } catch {
    // Never mounted.
  }
  rmSync(dir, { recursive: true, force: true });
}
