import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NotifyConfig } from '../src/config/schema.js';
import { alertNotice } from '../src/notify/alert-message.js';
import { composeDigest } from '../src/notify/compose-digest.js';
import { createNotifier } from '../src/notify/create-notifier.js';
import { sampleAlert, sampleSnapshot } from '../src/notify/test-fixtures.js';
import { SqliteOutbox } from '../src/store/sqlite-outbox.js';
import { openSqlite, type Database } from '../src/store/sqlite.js';
import { pngHeader } from './png-header.js';
import { FIXTURE_CERT, startSmtpServer, type TestSmtpServer } from './smtp-harness.js';

const PASSWORD = 'app-pass-Xq7#w9vLk2';
const T0 = Date.UTC(2025, 10, 14, 20, 35);
const HOUR = 3_600_000;

function notifyConfig(email: Partial<NonNullable<NotifyConfig['email']>> & { port: number }): NotifyConfig {
  return {
    from: 'autofolio <bot@example.org>',
    to: 'owner@example.org',
    outbox: 'outbox',
    email: { host: '127.0.0.1', secure: false, requireTls: true, timeoutSeconds: 5, ...email },
    webhooks: [],
    reminderMinutes: 360,
    retry: { firstSeconds: 60, maxMinutes: 30, giveUpHours: 168 },
    sendBudgetSeconds: 20,
    chartDays: 30,
  };
}

/** Five days of hourly snapshots leading to the sample one, for the digest's chart. */
function digestSources() {
  const last = sampleSnapshot({ time: T0 });
  const history = Array.from({ length: 35 }, (_, i) => sampleSnapshot({ runId: `r-${i}`, time: T0 - (35 - i) * 5 * HOUR, nlv: 1_200_000 + i * 1_000 + (i % 4) * 2_500 }));
  return {
    snapshot: last,
    sources: {
      snapshotsBetween: async (from: number, to: number) => history.filter((s) => s.time >= from && s.time < to),
      fillsBetween: async () => [...last.trades],
      referencePrices: async (tags: readonly string[]) => tags.map((tag) => (tag === last.trades[1]!.tag ? 301.25 : undefined)),
      fillsOfOrders: async (tags: readonly string[]) => last.trades.filter((f) => tags.includes(f.tag)),
      // The VTI buy was placed with the quote's mid at 301.30; the IEF sell predates recorded versions and has no reference price.
      orderVersions: async () => [{ tag: last.trades[1]!.tag, brokerId: 'b-1', runId: last.runId, intentTag: last.trades[1]!.tag, symbol: 'VTI', side: 'BUY' as const, at: last.trades[1]!.time - 5_000, reason: 'placed' as const, quantity: 120, limitPrice: 301.4, filledQuantity: 0, decisionPrice: 301.25, arrivalPrice: 301.3 }],
      sentQuotes: async () => [],
      rates: async () => [],
    },
  };
}

let dir: string;
let db: Database;
let server: TestSmtpServer | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'autofolio-smtp-'));
  db = await openSqlite(join(dir, 'autofolio.sqlite'));
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function notifier(config: NotifyConfig, env: Record<string, string> = {}, clock = () => T0) {
  return createNotifier(config, { outbox: new SqliteOutbox(db, 'DU1234567'), emlDir: join(dir, 'outbox'), configDir: dir, clock, env });
}

describe('e-mail through a real SMTP server', () => {
  it('delivers an alert and a digest over STARTTLS with a login: subject, both parts, positions, inline PNG chart, no secret', async () => {
    server = await startSmtpServer({ tls: 'starttls', auth: { user: 'bot@example.org', pass: PASSWORD } });
    const n = notifier(notifyConfig({ port: server.port, user: 'bot@example.org', caFile: FIXTURE_CERT }), { AUTOFOLIO_SMTP_PASSWORD: PASSWORD });
    // The broker's error echoes the password: it must not reach the owner's mailbox.
    await n.send(alertNotice(sampleAlert({ reason: `login failed for user bot with password ${PASSWORD}`, time: T0 })));
    const { snapshot, sources } = digestSources();
    await n.send(await composeDigest(sources, { snapshot, label: 'session end', killSwitch: { halted: false }, dayStart: T0 - 7 * HOUR, now: T0, chartDays: 30, dailyLossLimitPct: 5 }));
    await server.waitFor(2);

    const [alert, digest] = server.received;
    expect(alert!.secure).toBe(true);
    expect(alert!.user).toBe('bot@example.org');
    expect(alert!.to).toEqual(['owner@example.org']);
    expect(alert!.parsed.subject).toBe('[autofolio] ERROR DU1234567 send: login failed for user bot with password [redacted]');
    expect(alert!.parsed.text).toContain('Orders not sent (1)');
    expect(alert!.parsed.html).toContain('Run journal');
    expect(alert!.raw.toString('latin1')).not.toContain(PASSWORD);

    const mail = digest!.parsed;
    expect(mail.subject).toBe('[autofolio] DU1234567 session end: NLV 1,234,567.89 USD (+0.40%)');
    expect(mail.text).toMatch(/Positions \(3\)\n.*Market value \(USD\)[\s\S]*VTI\s+2,500\s+250\.125\s+301\.42\s+USD\s+753,550\.00\s+61\.04%/);
    expect(mail.text).toMatch(/BUY\s+120\s+VTI\s+301\.40\s+301\.25\s+\+5\.0/);
    // Per order: the VTI buy against its decision (+5.0 bp) and arrival (+3.3 bp); the IEF sell has neither, shown as a dash.
    expect(mail.text).toMatch(/Orders filled today \(2\): slippage\n.*vs decision \(bp\)\s+vs arrival \(bp\)/);
    expect(mail.text).toMatch(/BUY\s+120\s+VTI\s+301\.40\s+301\.25\s+301\.30\s+\+5\.0\s+\+3\.3\s+0/);
    expect(mail.text).toMatch(/SELL\s+200\s+IEF\s+96\.02\s+—\s+—\s+—\s+—\s+0/);
    expect(mail.text).toContain('Value-weighted over the 2 orders: +5.0 bp against the decision prices, +3.3 bp against the arrival prices (positive = paid).');
    expect(mail.html).toMatch(/<td[^>]*>VTI<\/td><td[^>]*>301\.40<\/td><td[^>]*>301\.25<\/td><td[^>]*>301\.30<\/td><td[^>]*>\+5\.0<\/td><td[^>]*>\+3\.3<\/td>/);
    expect(mail.html).toMatch(/<td[^>]*>VTI<\/td><td[^>]*>2,500<\/td>/);
    // The HTML part refers to the image by Content-ID (mailparser then inlines it as a data: URI).
    expect(digest!.raw.toString('latin1')).toMatch(/src=(3D)?"cid:equity-curve@autofolio"/);
    expect(mail.html).toMatch(/<img src="data:image\/png;base64,/);
    const image = mail.attachments.find((a) => a.cid === 'equity-curve@autofolio');
    expect(image?.contentType).toBe('image/png');
    expect(image?.contentDisposition).toBe('inline');
    expect(pngHeader(image!.content)).toMatchObject({ width: 1280, height: 480 });
    expect(image!.content.length).toBeGreaterThan(8_000);
  });

  it('delivers without login or TLS to a local relay', async () => {
    server = await startSmtpServer({ tls: 'none' });
    const n = notifier(notifyConfig({ port: server.port, requireTls: false }));
    const results = await n.testChannels({ kind: 'test', subject: '[autofolio] DU1234567 test message', text: 'hello' });
    expect(results).toEqual([expect.objectContaining({ channel: 'email', ok: true })]);
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.secure).toBe(false);
    expect(server.received[0]!.user).toBeUndefined();
    expect(server.received[0]!.parsed.text?.trim()).toBe('hello');
  });

  it('delivers over TLS from the first byte (port 465 style)', async () => {
    server = await startSmtpServer({ tls: 'implicit', auth: { user: 'u', pass: PASSWORD } });
    const n = notifier(notifyConfig({ port: server.port, secure: true, user: 'u', caFile: FIXTURE_CERT }), { AUTOFOLIO_SMTP_PASSWORD: PASSWORD });
    await n.send({ kind: 'test', subject: 's', text: 't' });
    await server.waitFor(1);
    expect(server.received[0]).toMatchObject({ secure: true, user: 'u' });
  });

  it('refuses to send in clear text when TLS is required and the server offers none', async () => {
    server = await startSmtpServer({ tls: 'none' });
    const n = notifier(notifyConfig({ port: server.port }));
    const [result] = await n.testChannels({ kind: 'test', subject: 's', text: 't' });
    expect(result!.ok).toBe(false);
    expect(result!.error).toMatch(/STARTTLS/i);
    expect(server.received).toHaveLength(0);
  });

  it('keeps the message queued after a refused login and says why, without the password', async () => {
    server = await startSmtpServer({ tls: 'starttls', auth: { user: 'u', pass: 'the-right-one' } });
    const n = notifier(notifyConfig({ port: server.port, user: 'u', caFile: FIXTURE_CERT }), { AUTOFOLIO_SMTP_PASSWORD: PASSWORD });
    await n.send({ kind: 'test', subject: 's', text: 't' });
    const report = await n.deliver();
    expect(server.received).toHaveLength(0);
    expect(report.pending).toBe(1);
    const again = await n.deliver(5_000);
    expect(again.sent).toHaveLength(0);
    const [row] = await db.withTables<{ notify_deliveries: { last_error: string | null; attempts: number } }>().selectFrom('notify_deliveries').select(['last_error', 'attempts']).execute();
    expect(row!.attempts).toBe(1);
    expect(row!.last_error).toMatch(/Invalid username or password/);
    expect(row!.last_error).not.toContain(PASSWORD);
  });
});

describe('a server that echoes the AUTH line in its error reply', () => {
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('keeps neither the password nor its base64 forms in the delivery error', async () => {
    server = await startSmtpServer({ tls: 'starttls', auth: { user: 'bot@example.org', pass: PASSWORD }, echoAuthInError: true });
    const n = notifier(notifyConfig({ port: server.port, user: 'bot@example.org', caFile: FIXTURE_CERT }), { AUTOFOLIO_SMTP_PASSWORD: PASSWORD });
    await n.send({ kind: 'test', subject: 's', text: 't' });
    const report = await n.deliver();
    expect(report.pending).toBe(1);
    const [row] = await db.withTables<{ notify_deliveries: { last_error: string | null } }>().selectFrom('notify_deliveries').select(['last_error']).execute();
    const error = row!.last_error!;
    // The server did echo something: the test would prove nothing otherwise.
    expect(error).toMatch(/Authentication failed for: AUTH (PLAIN|LOGIN)/);
    const plain = Buffer.from(`\0bot@example.org\0${PASSWORD}`).toString('base64');
    for (const form of [PASSWORD, plain, Buffer.from(PASSWORD).toString('base64'), Buffer.from(PASSWORD).toString('base64').replace(/=+$/, '')]) {
      expect(error).not.toContain(form);
      expect(JSON.stringify(report)).not.toContain(form);
    }
    expect(error).toContain('[redacted]');
  });
});

describe('a server that accepts the connection and never answers', () => {
  let silent: Server;
  const sockets: Socket[] = [];

  afterEach(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('costs at most the timeout, and the message stays queued', async () => {
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const port = (silent.address() as { port: number }).port;
    const n = notifier(notifyConfig({ port, timeoutSeconds: 1 }));
    const started = Date.now();
    await n.send({ kind: 'alert', subject: 's', text: 't' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await n.deliver()).pending).toBe(1);
  });
});
