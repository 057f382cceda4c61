import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunLockedError } from '../src/cycle/run-lock.js';
import { PostgresRunLock } from '../src/store/postgres-lock.js';
import { freshDatabase, pgAvailable, type TestDatabase } from './pg-harness.js';

const hasPg = await pgAvailable();
const BUILT_LOCK = fileURLToPath(new URL('../dist/store/postgres-lock.js', import.meta.url));

describe.skipIf(!hasPg)('the run lock of an account on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase('lock');
  });
  afterAll(() => database?.drop());

  it('lets one holder in at a time per schema, names the holder to the one refused, and is free again once released', async () => {
    const first = new PostgresRunLock({ url: database.url, schema: 'acc_a' });
    const second = new PostgresRunLock({ url: database.url, schema: 'acc_a' });
    const otherAccount = new PostgresRunLock({ url: database.url, schema: 'acc_b' });
    await first.acquire('r-20251114T153500Z-1a2b', 'reconcile');
    try {
      const refused = await second.acquire('r-20251114T153600Z-3c4d', 'trade').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(RunLockedError);
      expect((refused as RunLockedError).holder).toMatchObject({ pid: process.pid, runId: 'r-20251114T153500Z-1a2b', purpose: 'reconcile' });
      await otherAccount.acquire('r-20251114T153600Z-5e6f', 'trade');
      await otherAccount.release();
    } finally {
      await first.release();
    }
    await second.acquire('r-20251114T153600Z-3c4d', 'trade');
    await second.release();
  });

  it('is freed by the server when its holder is killed with kill -9, with no lock to break by hand', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', `
      const { PostgresRunLock } = await import(${JSON.stringify(BUILT_LOCK)});
      await new PostgresRunLock({ url: process.env.LOCK_URL, schema: 'acc_killed' }).acquire('r-20251114T153500Z-dead', 'trade');
      console.log('held');
      setInterval(() => undefined, 1000);
    `], { env: { ...process.env, LOCK_URL: database.url }, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
        child.on('exit', (code) => reject(new Error(`the holder exited (${code}) before taking the lock`)));
      });
      const lock = new PostgresRunLock({ url: database.url, schema: 'acc_killed' });
      await expect(lock.acquire('r-20251114T153600Z-next', 'trade')).rejects.toThrow(/another run \(trade r-20251114T153500Z-dead, process \d+ on .+\) holds the lock PostgreSQL advisory lock of schema acc_killed/);
      child.kill('SIGKILL');
      // The server frees the lock when it sees the connection close, a moment after the kill.
      await lock.acquireWaiting('r-20251114T153600Z-next', 'trade', { waitMs: 30_000, mayWaitFor: () => true, onWait: () => undefined });
      await lock.release();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
