import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofolio, type RunJson } from './cli.js';
import { pngHeader } from './png-header.js';
import { freePort, startSmtpServer, type TestSmtpServer } from './smtp-harness.js';
import { query } from './state-db.js';


describe('autofolio run while the SMTP server is down, then back', () => {
  let dir: string;
  let config: string;
  let healthy: string;
  let port: number;
  let server: TestSmtpServer | undefined;

  const pending = (): number => query<{ n: number }>(dir, "select count(*) as n from notify_deliveries where status = 'pending'")[0]!.n;
  const notifyStep = (runId: string) => query<{ outcome: string; duration_ms: number }>(dir, "select outcome, duration_ms from journal where run_id = ? and step = 'notify'", runId)[0]!;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-e2e-smtp-'));
    expect((await autofolio(['init', dir])).code).toBe(0);
    config = join(dir, 'autofolio.yaml');
    // Nothing listens on this port until the server "comes back" below.
    port = await freePort();
    healthy = `${readFileSync(config, 'utf8')}  email:\n    host: 127.0.0.1\n    port: ${port}\n    requireTls: false\n    timeoutSeconds: 2\n`;
    writeFileSync(config, healthy);
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a clean run succeeds (exit 0) and keeps its messages queued', async () => {
    const run = await autofolio(['run', '--json', '--config', config]);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const { runId, outcome } = JSON.parse(run.stdout) as RunJson;
    expect(outcome).toBe('ok');
    expect(notifyStep(runId).outcome).toBe('ok');
    expect(notifyStep(runId).duration_ms).toBeLessThan(5_000);
  });

  it('a failing run alerts into the queue; the failure is the run’s, not the mail server’s', async () => {
    // An external model that wrote no forecast file: read-forecast fails, nothing is sent.
    writeFileSync(config, healthy.replace(/^strategy:\n(?: {2}.*\n)+/m, 'strategy:\n  kind: external\n'));
    rmSync(join(dir, 'state', 'forecast.csv'), { force: true });
    const before = pending();
    const run = await autofolio(['run', '--json', '--config', config]);
    expect(run.code, run.stderr).toBe(1);
    const { runId } = JSON.parse(run.stdout) as RunJson;
    const failed = query<{ step: string }>(dir, "select step from journal where run_id = ? and outcome = 'error'", runId);
    expect(failed.map((f) => f.step)).toEqual(['read-forecast']);
    expect(notifyStep(runId).outcome).toBe('ok');
    expect(pending()).toBe(before + 1);
    const queued = query<{ subject: string; last_error: string }>(dir, "select m.subject, d.last_error from notify_messages m join notify_deliveries d on d.message_id = m.id where m.kind = 'alert'");
    expect(queued[0]!.subject).toMatch(/^\[autofolio\] ERROR PAPER-1 read-forecast: /);
    expect(queued[0]!.last_error).toMatch(/ECONNREFUSED/);
  });

  it('once the server is back, the next run delivers everything that was queued', async () => {
    const queued = pending();
    server = await startSmtpServer({ tls: 'none', port });
    writeFileSync(config, healthy);
    const run = await autofolio(['run', '--json', '--config', config]);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    await server.waitFor(queued);
    expect(pending()).toBe(0);
    const subjects = server.received.map((m) => m.parsed.subject ?? '');
    expect(subjects.filter((s) => s.startsWith('[autofolio] ERROR PAPER-1 read-forecast: '))).toHaveLength(1);
  });

  it('notify test says which channel worked, and notify digest sends the digest with its chart', async () => {
    const test = await autofolio(['notify', 'test', '--config', config]);
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/^ok {6}email \(\d+ ms\)$/m);
    const before = server!.received.length;
    const digest = await autofolio(['notify', 'digest', '--config', config]);
    expect(digest.code, digest.stdout + digest.stderr).toBe(0);
    expect(digest.stdout).toMatch(/^sent {4}email: \[autofolio\] PAPER-1 on request: NLV /m);
    await server!.waitFor(before + 1);
    const mail = server!.received.find((m) => m.parsed.subject?.includes('on request'))!.parsed;
    expect(mail.text).toMatch(/Positions \(\d+\)/);
    const image = mail.attachments.find((a) => a.cid === 'equity-curve@autofolio');
    expect(pngHeader(image!.content)).toMatchObject({ width: 1280, height: 480 });
  });
});
