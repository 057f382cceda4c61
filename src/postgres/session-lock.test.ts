import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, pgAvailable, type TestDatabase } from '../../test/pg-harness.js';
import { trySessionLock, waitForSessionLock, type AdvisoryLockKey, type SessionLock } from './session-lock.js';

const hasPg = await pgAvailable();

describe.skipIf(!hasPg)('a session advisory lock held by a connection of its own', () => {
  let database: TestDatabase;
  let admin: pg.Client;
  beforeAll(async () => {
    database = await freshDatabase('session_lock');
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await database?.drop();
  });

  async function taken(key: AdvisoryLockKey, applicationName: string, onLost?: (error: Error) => void): Promise<SessionLock> {
    const attempt = await trySessionLock({ url: database.url, key, applicationName, ...(onLost ? { onLost } : {}) });
    if (!attempt.taken) throw new Error(`${applicationName}: the lock is held by ${attempt.holderName}`);
    return attempt.lock;
  }

  it.each<[string, AdvisoryLockKey, AdvisoryLockKey]>([
    ['a bigint key', { bigint: 0x7abcdef12345678n }, { bigint: 0x7abcdef12345679n }],
    ['a negative bigint key', { bigint: -5n }, { bigint: -6n }],
    ['a pair of texts', { pair: ['autofolio-test', 'ACC-1'] }, { pair: ['autofolio-test', 'ACC-2'] }],
    ['a text and a number', { pair: ['autofolio-test', 0] }, { pair: ['autofolio-test', 1] }],
  ])('with %s: one holder at a time, the one refused reads the holder\'s name, another key is free, and release frees it', async (_, key, otherKey) => {
    const first = await taken(key, 'first holder');
    try {
      expect(await trySessionLock({ url: database.url, key, applicationName: 'second holder' })).toEqual({ taken: false, holderName: 'first holder' });
      const other = await taken(otherKey, 'other key');
      await other.release();
    } finally {
      await first.release();
    }
    const second = await taken(key, 'second holder');
    await second.release();
  });

  it('a bigint key and a pair of the same bits are different locks', async () => {
    // The pair (0, 0) is the bigint 0's high and low halves as pg_locks shows them.
    const bigint = await taken({ bigint: 0n }, 'bigint holder');
    try {
      const pair = await taken({ pair: [0, 0] }, 'pair holder');
      await pair.release();
    } finally {
      await bigint.release();
    }
  });

  it('a waiting taker gets the lock once its holder releases it', async () => {
    const key: AdvisoryLockKey = { pair: ['autofolio-test', 'waited'] };
    const first = await taken(key, 'first holder');
    const waiting = waitForSessionLock({ url: database.url, key, applicationName: 'waiting holder' });
    // The waiter is queued on the server before the holder lets go.
    while ((await admin.query("select 1 from pg_locks l join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and not l.granted and a.application_name = 'waiting holder'")).rowCount === 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await first.release();
    const second = await waiting;
    expect(await trySessionLock({ url: database.url, key, applicationName: 'third holder' })).toEqual({ taken: false, holderName: 'waiting holder' });
    await second.release();
  });

  it('a holder whose session is killed loses the lock with it: the lock is free, and the holder hears of it once', async () => {
    const key: AdvisoryLockKey = { pair: ['autofolio-test', 'killed'] };
    const losses: Error[] = [];
    let heard: () => void = () => undefined;
    const lost = new Promise<void>((resolve) => (heard = resolve));
    await taken(key, 'doomed holder', (error) => {
      losses.push(error);
      heard();
    });
    expect(await trySessionLock({ url: database.url, key, applicationName: 'probe' })).toEqual({ taken: false, holderName: 'doomed holder' });
    const { rows } = await admin.query<{ killed: boolean }>("select pg_terminate_backend(pid) as killed from pg_stat_activity where application_name = 'doomed holder'");
    expect(rows).toEqual([{ killed: true }]);
    await lost;
    expect(losses).toHaveLength(1);
    const next = await waitForSessionLock({ url: database.url, key, applicationName: 'next holder' });
    await next.release();
  });
});
