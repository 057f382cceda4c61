import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NotifyConfig } from '../src/config/schema.js';
import { alertNotice } from '../src/notify/alert-message.js';
import { createNotifier } from '../src/notify/create-notifier.js';
import { sampleAlert } from '../src/notify/test-fixtures.js';
import { SqliteOutbox } from '../src/store/sqlite-outbox.js';
import { openSqlite, type Database } from '../src/store/sqlite.js';

const TOKEN = 'T0KEN-aaaaaaaaaaaaaaaaaaaaaaaa';

interface Hit {
  readonly path: string;
  readonly body: Record<string, unknown>;
}

let dir: string;
let db: Database;
let http: Server;
let base: string;
let hits: Hit[];
let status: number;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'autofolio-hooks-'));
  db = await openSqlite(join(dir, 'a.sqlite'));
  hits = [];
  status = 200;
  // A stand-in for Slack, Discord and a Telegram-compatible API: records each JSON post.
  http = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      hits.push({ path: req.url ?? '', body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"ok":true}' : `{"ok":false,"description":"bad token ${TOKEN}"}`);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function notifier(webhooks: NotifyConfig['webhooks']) {
  const config: NotifyConfig = { from: 'bot@example.org', to: 'owner@example.org', outbox: 'outbox', webhooks, reminderMinutes: 360, retry: { firstSeconds: 60, maxMinutes: 30, giveUpHours: 168 }, sendBudgetSeconds: 10, chartDays: 30 };
  const env = { SLACK_URL: `${base}/slack/${TOKEN}`, DISCORD_URL: `${base}/discord/${TOKEN}`, TG_URL: `${base}/bot${TOKEN}/sendMessage` };
  return createNotifier(config, { outbox: new SqliteOutbox(db, 'DU1234567'), emlDir: join(dir, 'outbox'), configDir: dir, clock: () => Date.UTC(2025, 10, 14), env });
}

describe('webhook channels next to e-mail', () => {
  it('posts an alert to Slack, Discord and Telegram, and writes it to the .eml folder too', async () => {
    const n = notifier([
      { kind: 'slack', urlEnv: 'SLACK_URL', kinds: ['alert', 'digest', 'test'] },
      { kind: 'discord', urlEnv: 'DISCORD_URL', kinds: ['alert'] },
      { kind: 'telegram', urlEnv: 'TG_URL', chatId: -100123, kinds: ['alert', 'test'] },
    ]);
    await n.send(alertNotice(sampleAlert()));
    expect(n.channels.map((c) => c.name)).toEqual(['eml-folder', 'slack', 'discord', 'telegram']);
    expect(hits.map((h) => h.path)).toEqual([`/slack/${TOKEN}`, `/discord/${TOKEN}`, `/bot${TOKEN}/sendMessage`]);
    expect(hits[0]!.body.text).toMatch(/^\*\[autofolio\] ERROR DU1234567 send: broker rejected order for IEF/);
    expect(hits[1]!.body.content).toMatch(/^\*\*\[autofolio\] ERROR DU1234567 send:/);
    expect(hits[2]!.body).toMatchObject({ chat_id: -100123, disable_web_page_preview: true });
    expect((await n.deliver()).pending).toBe(0);
  });

  it('sends a webhook only the kinds it asked for', async () => {
    const n = notifier([{ kind: 'discord', urlEnv: 'DISCORD_URL', kinds: ['alert'] }]);
    await n.send({ kind: 'digest', subject: 'digest', text: 't' });
    expect(hits).toEqual([]);
  });

  it('keeps a message queued while the webhook fails, and never stores its token', async () => {
    status = 503;
    const n = notifier([{ kind: 'slack', urlEnv: 'SLACK_URL', kinds: ['alert'] }]);
    await n.send({ kind: 'alert', subject: 's', text: 't' });
    const report = await n.deliver();
    expect(report.pending).toBe(1);
    const rows = await db.withTables<{ notify_deliveries: { channel: string; last_error: string | null } }>().selectFrom('notify_deliveries').select(['channel', 'last_error']).where('channel', '=', 'slack').execute();
    expect(rows[0]!.last_error).toMatch(/^slack webhook \(SLACK_URL\): HTTP 503/);
    expect(rows[0]!.last_error).not.toContain(TOKEN);
    status = 200;
    // The same notifier waits out the backoff; the next run (a new one) retries at once.
    expect((await n.deliver()).sent).toEqual([]);
    const nextRun = notifier([{ kind: 'slack', urlEnv: 'SLACK_URL', kinds: ['alert'] }]);
    expect((await nextRun.deliver()).sent.map((s) => s.channel)).toEqual(['slack']);
  });

  it('notify test reports a webhook whose variable is not set', async () => {
    const n = notifier([{ kind: 'slack', urlEnv: 'MISSING_URL', kinds: ['test'] }]);
    const results = await n.testChannels({ kind: 'test', subject: 's', text: 't' });
    expect(results.map((r) => [r.channel, r.ok])).toEqual([['eml-folder', true], ['slack', false]]);
    expect(results[1]!.error).toContain('MISSING_URL is not set');
  });
});
