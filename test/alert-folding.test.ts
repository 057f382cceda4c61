import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NotifyConfig } from '../src/config/schema.js';
import { alertNotice } from '../src/notify/alert-message.js';
import { createNotifier } from '../src/notify/create-notifier.js';
import { sampleAlert } from '../src/notify/test-fixtures.js';
import { SqliteOutbox } from '../src/store/sqlite-outbox.js';
import { openSqlite, type Database } from '../src/store/sqlite.js';
import { startSmtpServer, type TestSmtpServer } from './smtp-harness.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 10, 14, 14, 35);

let dir: string;
let db: Database;
let server: TestSmtpServer;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'autofolio-fold-'));
  db = await openSqlite(join(dir, 'autofolio.sqlite'));
  server = await startSmtpServer({ tls: 'none' });
});

afterEach(async () => {
  await server.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function notifier(reminderMinutes: number, clock: () => number) {
  const config: NotifyConfig = {
    from: 'bot@example.org',
    to: 'owner@example.org',
    outbox: 'outbox',
    email: { host: '127.0.0.1', port: server.port, secure: false, requireTls: false, timeoutSeconds: 5 },
    webhooks: [],
    reminderMinutes,
    retry: { firstSeconds: 60, maxMinutes: 30, giveUpHours: 168 },
    sendBudgetSeconds: 20,
    chartDays: 30,
  };
  return createNotifier(config, { outbox: new SqliteOutbox(db, 'DU1234567'), emlDir: join(dir, 'outbox'), configDir: dir, clock, env: {} });
}

/** The same failure in 24 hourly runs, each with its own run id and time. */
async function failHourly(n: ReturnType<typeof notifier>, from: number, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const time = from + i * HOUR;
    const runId = `r-${new Date(time).toISOString().replace(/[-:]|\.\d{3}/g, '')}-${(1000 + i).toString(16)}`;
    await n.send(alertNotice(sampleAlert({ step: 'connect', reason: `connect ECONNREFUSED 127.0.0.1:4002 (run ${runId})`, runId, time })));
  }
}

describe('an alert repeated every hour', () => {
  it('arrives once, then as a reminder every six hours: 4 messages for 24 failures', async () => {
    let now = T0;
    const n = notifier(360, () => now);
    await failHourly(n, T0, 24);
    now = T0 + 24 * HOUR;
    await server.waitFor(4);
    // Give a wrongly unfolded fifth message the time to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const mails = server.received.map((m) => m.parsed);
    expect(mails).toHaveLength(4);
    for (const mail of mails) expect(mail.subject).toMatch(/^\[autofolio\] ERROR DU1234567 connect: connect ECONNREFUSED 127\.0\.0\.1:4002 \(run r-/);
    expect(mails[0]!.text).not.toContain('Reminder');
    expect(mails.slice(1).map((m) => /happened (\d+) times/.exec(m.text ?? '')?.[1])).toEqual(['7', '13', '19']);
    expect(mails.map((m) => m.date?.getTime())).toEqual([0, 6, 12, 18].map((h) => T0 + h * HOUR));
  });

  it('with a one-day reminder interval, sends one message for a day of failures', async () => {
    const n = notifier(24 * 60, () => T0);
    await failHourly(n, T0, 24);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.received).toHaveLength(1);
  });

  it('alerts afresh after a clean run ended the problem', async () => {
    const n = notifier(360, () => T0);
    await failHourly(n, T0, 3);
    await n.allClear();
    await failHourly(n, T0 + 3 * HOUR, 2);
    await server.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.received).toHaveLength(2);
    expect(server.received.every((m) => !m.parsed.text?.includes('Reminder'))).toBe(true);
  });

  it('re-alerts when a folded problem grows: a ledger difference of 1 share, then of 1,001 shares, makes two e-mails, each with its own figures', async () => {
    const n = notifier(360, () => T0);
    // The reconcile step's own wording (ReconcileMismatchError), as the alert carries it.
    const mismatch = (broker: number, hour: number) =>
      n.send(alertNotice(sampleAlert({ step: 'reconcile', reason: `the ledger and the broker disagree beyond tolerance: position GLD: ledger 386, broker ${broker} (difference ${broker - 386})`, time: T0 + hour * HOUR })));
    await mismatch(387, 0);
    await mismatch(1387, 1);
    // The same large difference an hour later is the same problem: folded until the reminder.
    await mismatch(1387, 2);
    await server.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const mails = server.received.map((m) => m.parsed);
    expect(mails).toHaveLength(2);
    expect(mails[0]!.text).toContain('position GLD: ledger 386, broker 387 (difference 1)');
    expect(mails[1]!.text).toMatch(/^This problem has grown since the alert of 2025-11-14 14:35:00 UTC: 387 → 1,387, 1 → 1,001 \(more than 2 times\)/);
    expect(mails[1]!.text).toContain('position GLD: ledger 386, broker 1387 (difference 1001)');
  });
});
