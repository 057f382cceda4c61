import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tryLockAccount } from '../src/queue/account-lock.js';
import { AccountRegistry } from '../src/queue/account-registry.js';
import { CycleQueue } from '../src/queue/cycle-queue.js';
import { freshDatabase, pgAvailable, type TestDatabase } from './pg-harness.js';

const hasPg = await pgAvailable();

describe.skipIf(!hasPg)('the queue\'s account registry and account lock on PostgreSQL', () => {
  let db: TestDatabase;
  let registry: AccountRegistry;

  beforeAll(async () => {
    db = await freshDatabase('queue_registry');
    registry = await AccountRegistry.open(db.url);
  });
  afterAll(async () => {
    await registry.close();
    await db.drop();
  });

  it('registers an account once, and moves it to a new config path when added again', async () => {
    expect(await registry.add('R-1', '/a/autofolio.yaml')).toBe(true);
    expect(await registry.add('R-1', '/b/autofolio.yaml')).toBe(false);
    expect((await registry.list()).map((a) => [a.id, a.configFile])).toEqual([['R-1', '/b/autofolio.yaml']]);
  });

  it('of claims of one trigger made at once, exactly one enqueues; an earlier trigger is refused after a later one', async () => {
    await registry.add('R-2', '/r2/autofolio.yaml');
    const others = await Promise.all([1, 2, 3].map(() => AccountRegistry.open(db.url)));
    try {
      let enqueued = 0;
      const trigger = { time: Date.parse('2025-11-14T14:35:00Z'), kind: 'trade' };
      const claims = await Promise.all([registry, ...others].map((r) => r.claimTrigger('R-2', trigger, async () => void (enqueued += 1))));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(enqueued).toBe(1);
      expect(await registry.claimTrigger('R-2', { time: trigger.time - 3_600_000, kind: 'trade' }, async () => void (enqueued += 1))).toBe(false);
      expect(await registry.claimTrigger('R-2', { time: trigger.time + 3_600_000, kind: 'trade' }, async () => void (enqueued += 1))).toBe(true);
      expect(enqueued).toBe(2);
      expect((await registry.get('R-2'))?.lastEnqueued).toEqual({ time: trigger.time + 3_600_000, kind: 'trade' });
    } finally {
      for (const r of others) await r.close();
    }
  });

  it('a claim whose enqueue fails is rolled back, so the trigger can be claimed again', async () => {
    await registry.add('R-3', '/r3/autofolio.yaml');
    const trigger = { time: Date.parse('2025-11-14T15:35:00Z'), kind: 'trade' };
    await expect(registry.claimTrigger('R-3', trigger, async () => { throw new Error('the queue is down'); })).rejects.toThrow('the queue is down');
    expect(await registry.claimTrigger('R-3', trigger, async () => undefined)).toBe(true);
  });

  it('a run without a snapshot keeps the NLV of the last run that made one', async () => {
    await registry.add('R-4', '/r4/autofolio.yaml');
    await registry.recordRun('R-4', { triggerTime: 1, runId: 'r-1', outcome: 'ok', at: 2, nlv: 1000.5 });
    await registry.recordRun('R-4', { triggerTime: 3, runId: 'r-2', outcome: 'blocked', at: 4, message: 'stale quotes' });
    expect((await registry.get('R-4'))?.lastRun).toEqual({ triggerTime: 3, runId: 'r-2', outcome: 'blocked', at: 4, nlv: 1000.5, message: 'stale quotes' });
  });

  it('queue processes started at once on a new database all start (their setup is serialised)', async () => {
    const fresh = await freshDatabase('queue_setup');
    try {
      const started = await Promise.allSettled([
        ...[1, 2, 3, 4].map(() => CycleQueue.start(fresh.url, { leaseSeconds: 60, superviseSeconds: 60 }, () => undefined)),
        ...[1, 2].map(() => AccountRegistry.open(fresh.url)),
      ]);
      expect(started.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason))).toEqual([]);
      for (const s of started) if (s.status === 'fulfilled') await (s.value instanceof CycleQueue ? s.value.stop(1) : s.value.close());
    } finally {
      await fresh.drop();
    }
  });

  it('one worker holds an account\'s lock at a time; a worker\'s lost connection frees it', async () => {
    const first = await tryLockAccount(db.url, 'R-5');
    expect(first).toBeDefined();
    expect(await tryLockAccount(db.url, 'R-5')).toBeUndefined();
    const other = await tryLockAccount(db.url, 'R-6');
    expect(other).toBeDefined();
    await other!.release();
    await first!.release();
    // A worker killed while it holds the lock: the server ends its session, and the lock with it.
    const lost: Error[] = [];
    const held = await tryLockAccount(db.url, 'R-5', (error) => lost.push(error));
    expect(held).toBeDefined();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      expect(await tryLockAccount(db.url, 'R-5')).toBeUndefined();
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'autofolio worker R-5'");
    } finally {
      await admin.end();
    }
    const after = await tryLockAccount(db.url, 'R-5');
    expect(after).toBeDefined();
    await after!.release();
    await held!.release();
    expect(lost.map((e) => e.message)).toEqual([expect.stringMatching(/terminat/)]);
  });
});
