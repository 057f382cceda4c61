import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteOutbox } from '../store/sqlite-outbox.js';
import { openSqlite, type Database } from '../store/sqlite.js';
import { ChannelError, type Channel, type QueuedMessage } from './channel.js';
import { deliverOutbox, retryDelay, type RetryPolicy } from './deliver-outbox.js';

const MIN = 60_000;
const RETRY: RetryPolicy = { firstMs: MIN, maxMs: 30 * MIN, giveUpMs: 24 * 60 * MIN };

let dir: string;
let db: Database;
let outbox: SqliteOutbox;
let wall: number;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'autofolio-deliver-'));
  db = await openSqlite(join(dir, 'a.sqlite'));
  outbox = new SqliteOutbox(db, 'A');
  wall = Date.UTC(2025, 10, 14, 15, 0);
});

afterEach(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** A channel that records what it delivered and fails while `fail` says so. */
function channel(name: string, fail: (m: QueuedMessage) => ChannelError | undefined = () => undefined): Channel & { got: string[] } {
  const got: string[] = [];
  return {
    name,
    got,
    async deliver(message) {
      const error = fail(message);
      if (error) throw error;
      got.push(message.notice.subject);
    },
  };
}

async function queue(subjects: string[], channels: string[]): Promise<void> {
  for (const subject of subjects) await outbox.enqueue({ kind: 'alert', subject, text: 't', time: wall }, `<${subject}@x>`, channels, wall);
}

const pass = (channels: Channel[], extra: { ignoreBackoff?: boolean; budgetMs?: number } = {}) => deliverOutbox({ outbox, channels, budgetMs: extra.budgetMs ?? 10_000, retry: RETRY, now: () => wall, ...extra });

describe('retryDelay', () => {
  it('doubles from the first delay up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => retryDelay(n, RETRY) / MIN)).toEqual([1, 2, 4, 8, 16, 30, 30, 30]);
  });
});

describe('deliverOutbox', () => {
  it('delivers every queued message to every channel it waits for, oldest first, once', async () => {
    await queue(['a', 'b'], ['email', 'slack']);
    const email = channel('email');
    const slack = channel('slack');
    const report = await pass([email, slack]);
    expect(email.got).toEqual(['a', 'b']);
    expect(slack.got).toEqual(['a', 'b']);
    expect(report).toMatchObject({ pending: 0, failed: [] });
    expect((await pass([email, slack])).sent).toEqual([]);
  });

  it('skips a channel that is down for the rest of the pass, without holding up the others', async () => {
    await queue(['a', 'b', 'c'], ['email', 'slack']);
    const email = channel('email', () => new ChannelError('ECONNREFUSED', 'channel'));
    const slack = channel('slack');
    const report = await pass([email, slack]);
    expect(report.failed.map((f) => f.subject)).toEqual(['a']);
    expect(slack.got).toEqual(['a', 'b', 'c']);
    expect(report.pending).toBe(3);
  });

  it('moves past a message the server refused and tries the next one', async () => {
    await queue(['too big', 'fine'], ['email']);
    const email = channel('email', (m) => (m.notice.subject === 'too big' ? new ChannelError('552 message too large', 'message') : undefined));
    const report = await pass([email]);
    expect(email.got).toEqual(['fine']);
    expect(report.failed).toEqual([{ channel: 'email', subject: 'too big', error: '552 message too large' }]);
  });

  it('waits out the backoff before the next attempt, unless told to retry now', async () => {
    await queue(['a'], ['email']);
    let down = true;
    const email = channel('email', () => (down ? new ChannelError('down', 'channel') : undefined));
    await pass([email]);
    down = false;
    wall += 30_000;
    expect((await pass([email])).sent).toEqual([]);
    expect((await pass([email], { ignoreBackoff: true })).sent).toEqual([{ channel: 'email', subject: 'a' }]);
  });

  it('retries after the delay with the same Message-ID', async () => {
    await queue(['a'], ['email']);
    const ids: string[] = [];
    const email: Channel = {
      name: 'email',
      async deliver(m) {
        ids.push(m.messageId);
        if (ids.length === 1) throw new ChannelError('lost the reply', 'channel');
      },
    };
    await pass([email]);
    wall += MIN;
    await pass([email]);
    expect(ids).toEqual(['<a@x>', '<a@x>']);
  });

  it('gives up on a message after giveUpMs and says so', async () => {
    await queue(['old'], ['email']);
    wall += RETRY.giveUpMs + MIN;
    const report = await pass([channel('email', () => new ChannelError('down', 'channel'))]);
    expect(report.expired).toBe(1);
    expect(report.pending).toBe(0);
    expect(report.failed).toEqual([]);
  });

  it('leaves a delivery for a channel no longer configured queued, and untouched', async () => {
    await queue(['a'], ['discord']);
    const report = await pass([channel('email')]);
    expect(report).toMatchObject({ sent: [], failed: [], pending: 1 });
  });

  it('of two passes at the same time, each message goes out once', async () => {
    await queue(['a', 'b', 'c', 'd'], ['email']);
    const got: string[] = [];
    const slow: Channel = { name: 'email', deliver: async (m) => void (await new Promise((r) => setTimeout(r, 5)), got.push(m.notice.subject)) };
    await Promise.all([pass([slow]), pass([slow])]);
    expect(got.sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('stops trying when the time budget runs out, and the rest stays queued', async () => {
    // On the real clock, since the budget is measured in real time.
    wall = Date.now();
    await queue(['a', 'b'], ['email']);
    const hang: Channel = { name: 'email', deliver: () => new Promise(() => undefined) };
    const started = Date.now();
    const report = await deliverOutbox({ outbox, channels: [hang], budgetMs: 200, retry: RETRY });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(report.failed[0]!.error).toMatch(/no answer within 1 s/);
    expect(report.pending).toBe(2);
  });
});
