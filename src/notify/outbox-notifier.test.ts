import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertNotice } from './alert-message.js';
import { DIGEST_CHART_CID, digestNotice } from './digest-message.js';
import { OutboxNotifier } from './outbox-notifier.js';
import { sampleAlert, sampleSnapshot } from './test-fixtures.js';

// A valid 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const T = Date.UTC(2025, 10, 14, 15, 35, 0);
const FROM = 'autofolio <autofolio@example.org>';
const TO = 'owner@example.org';

let root: string;
let dir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'autofolio-outbox-'));
  dir = join(root, 'state', 'outbox');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function notifier(clock: () => number = () => T, extra: { secrets?: string[]; env?: Record<string, string> } = {}): OutboxNotifier {
  return new OutboxNotifier({ dir, from: FROM, to: TO, clock, env: {}, ...extra });
}

describe('OutboxNotifier', () => {
  it('writes a digest as an e-mail that parses back with both parts, the positions and the inline chart', async () => {
    const notice = digestNotice({ snapshot: sampleSnapshot(), label: 'session end', halted: false, chartPng: PNG });
    const path = await notifier().write(notice);

    expect(basename(path)).toBe('20251114T153500Z-0001-digest.eml');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);

    const mail = await simpleParser(await readFile(path));
    expect(mail.subject).toBe('[autofolio] DU1234567 session end: NLV 1,234,567.89 USD (+0.40%)');
    expect(mail.from?.value[0]?.address).toBe('autofolio@example.org');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : undefined).toBe(TO);
    expect(mail.date?.getTime()).toBe(T);
    expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@example\.org>$/);
    expect(mail.headers.get('x-autofolio-kind')).toBe('digest');

    expect(mail.text).toContain('  VTI        2,500   250.125  301.42  USD          753,550.00  61.04%');
    expect(mail.text).toContain('  SAP           50    180.00  210.50  EUR           12,190.10   0.99%');
    expect(mail.html).toBeTruthy();
    const html = mail.html || '';
    for (const cell of ['VTI', 'IEF', 'SAP', '753,550.00', '460,848.00', '12,190.10']) expect(html).toContain(`>${cell}</td>`);

    expect(mail.attachments).toHaveLength(1);
    const image = mail.attachments[0]!;
    expect(image.cid).toBe(DIGEST_CHART_CID);
    expect(image.contentDisposition).toBe('inline');
    expect(image.contentType).toBe('image/png');
    expect(image.content.equals(PNG)).toBe(true);
    // The HTML part as written points at the image by cid, inside a multipart/related.
    const kept = await simpleParser(await readFile(path), { keepCidLinks: true });
    expect(kept.html || '').toContain(`src="cid:${DIGEST_CHART_CID}"`);
    const raw = await readFile(path, 'utf8');
    expect(raw).toMatch(/^Content-Type: multipart\/related;/m);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
  });

  it('writes a text-only notice without an HTML part or attachments', async () => {
    const path = await notifier().write({ kind: 'test', subject: 'autofolio test', text: 'It works.' });
    const mail = await simpleParser(await readFile(path));
    expect(mail.subject).toBe('autofolio test');
    expect(mail.text?.trim()).toBe('It works.');
    expect(mail.html).toBe(false);
    expect(mail.attachments).toHaveLength(0);
  });

  it('names files so that they sort in the order they were sent and leaves no temporary file', async () => {
    const times = [T, T + 400, T + 999, T + 1_000, T + 3_600_000];
    let i = 0;
    const outbox = notifier(() => times[i++]!);
    const written: string[] = [];
    for (const kind of ['digest', 'alert', 'alert', 'test', 'digest'] as const) {
      written.push(basename(await outbox.write({ kind, subject: kind, text: kind })));
    }
    expect(written).toEqual([
      '20251114T153500Z-0001-digest.eml',
      '20251114T153500Z-0002-alert.eml',
      '20251114T153500Z-0003-alert.eml',
      '20251114T153501Z-0001-test.eml',
      '20251114T163500Z-0001-digest.eml',
    ]);
    expect((await readdir(dir)).sort()).toEqual(written);
  });

  it('never overwrites a message another notifier wrote into the same folder', async () => {
    const first = await notifier().write(alertNotice(sampleAlert({ step: 'connect' })));
    const second = await notifier().write(alertNotice(sampleAlert({ step: 'plan' })));
    // An alert carries the time of the failure (2.762 s after T), which stamps its file.
    expect(basename(first)).toBe('20251114T153502Z-0001-alert.eml');
    expect(basename(second)).toBe('20251114T153502Z-0002-alert.eml');
    expect((await simpleParser(await readFile(first))).subject).toContain(' connect: ');
    expect((await simpleParser(await readFile(second))).subject).toContain(' plan: ');
  });

  it('keeps concurrent sends from one notifier apart', async () => {
    const outbox = notifier();
    const paths = await Promise.all([1, 2, 3, 4].map((n) => outbox.write({ kind: 'test', subject: `n${n}`, text: `${n}` })));
    expect(new Set(paths).size).toBe(4);
    expect(await readdir(dir)).toHaveLength(4);
  });

  it('tightens an existing outbox folder to owner-only access', async () => {
    await mkdir(dir, { recursive: true, mode: 0o755 });
    await notifier().send({ kind: 'test', subject: 's', text: 't' });
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('replaces a secret from the environment with [redacted] in the subject and both parts', async () => {
    const password = 'Sm7p-p@ss&word';
    const previous = process.env.AUTOFOLIO_SMTP_PASSWORD;
    process.env.AUTOFOLIO_SMTP_PASSWORD = password;
    try {
      // The default reads process.env, as in production.
      const outbox = new OutboxNotifier({ dir, from: FROM, to: TO, clock: () => T });
      const notice = alertNotice(sampleAlert({ step: 'connect', reason: `SMTP login failed for user bot with ${password}` }));
      const path = await outbox.write(notice);
      const raw = await readFile(path, 'utf8');
      expect(raw).not.toContain(password);
      expect(raw).not.toContain('p@ss&amp;word');
      const mail = await simpleParser(raw);
      expect(mail.subject).toBe('[autofolio] ERROR DU1234567 connect: SMTP login failed for user bot with [redacted]');
      expect(mail.text).toContain('Error    SMTP login failed for user bot with [redacted]');
      expect(mail.html).toContain('SMTP login failed for user bot with [redacted]');
      expect(`${mail.text}${mail.html}`).not.toContain('p@ss');
    } finally {
      if (previous === undefined) delete process.env.AUTOFOLIO_SMTP_PASSWORD;
      else process.env.AUTOFOLIO_SMTP_PASSWORD = previous;
    }
  });

  it('redacts secrets passed explicitly', async () => {
    const path = await notifier(() => T, { secrets: ['broker-login-42'] }).write({
      kind: 'test',
      subject: 'id broker-login-42',
      text: 'user broker-login-42',
      html: '<p>broker-login-42</p>',
    });
    const mail = await simpleParser(await readFile(path));
    expect(mail.subject).toBe('id [redacted]');
    expect(mail.text?.trim()).toBe('user [redacted]');
    expect(mail.html).toContain('<p>[redacted]</p>');
  });
});
