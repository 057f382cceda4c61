import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootId, currentProcessIdentity, processStartTime } from './process-identity.js';
import { RunLock, RunLockedError } from './run-lock.js';

const lockPath = (): string => join(mkdtempSync(join(tmpdir(), 'lock-')), 'run.lock');
const hasProc = processStartTime(process.pid) !== undefined;

describe('the single-run lock', () => {
  it('lets one holder in and refuses a second while the first is alive', () => {
    const path = lockPath();
    const first = new RunLock(path);
    first.acquire('r-1', 'trade');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ ...currentProcessIdentity(), runId: 'r-1', purpose: 'trade' });
    expect(() => new RunLock(path).acquire('r-2')).toThrow(RunLockedError);
    first.release();
    expect(existsSync(path)).toBe(false);
    new RunLock(path).acquire('r-3');
  });

  it('takes over a lock left by a process that no longer exists', () => {
    const path = lockPath();
    writeFileSync(path, JSON.stringify({ pid: 2 ** 22 + 12345, runId: 'r-dead' }));
    new RunLock(path).acquire('r-new');
    expect(JSON.parse(readFileSync(path, 'utf8')).runId).toBe('r-new');
  });

  it.runIf(hasProc)('takes over a lock with this very process id but another start time (a container restarted after a kill)', () => {
    const path = lockPath();
    const me = currentProcessIdentity();
    writeFileSync(path, JSON.stringify({ ...me, startTime: me.startTime! - 1, runId: 'r-previous-container' }));
    new RunLock(path).acquire('r-new');
    expect(JSON.parse(readFileSync(path, 'utf8')).runId).toBe('r-new');
  });

  it.runIf(bootId() !== undefined)('takes over a lock recorded in another boot, whatever its process id', () => {
    const path = lockPath();
    writeFileSync(path, JSON.stringify({ ...currentProcessIdentity(), bootId: '00000000-0000-0000-0000-000000000000', runId: 'r-before-power-cut' }));
    new RunLock(path).acquire('r-new');
    expect(JSON.parse(readFileSync(path, 'utf8')).runId).toBe('r-new');
  });

  it('refuses a lock held by this very process (same id, boot and start time)', () => {
    const path = lockPath();
    writeFileSync(path, JSON.stringify({ ...currentProcessIdentity(), runId: 'r-mine', purpose: 'reconcile' }));
    expect(() => new RunLock(path).acquire('r-new')).toThrow(/another run \(reconcile r-mine, process/);
  });

  it('treats a fresh unreadable lock as held and an old one as abandoned', () => {
    const path = lockPath();
    writeFileSync(path, '');
    expect(() => new RunLock(path).acquire('r-2')).toThrow(/being written/);
    const old = (Date.now() - 60_000) / 1000;
    utimesSync(path, old, old);
    new RunLock(path).acquire('r-3');
    expect(JSON.parse(readFileSync(path, 'utf8')).runId).toBe('r-3');
  });

  it('release is harmless when the lock was never taken', () => {
    const path = lockPath();
    writeFileSync(path, JSON.stringify({ pid: process.pid, runId: 'other' }));
    new RunLock(path).release();
    expect(existsSync(path)).toBe(true);
  });

  it('waits for a holder it may wait for, then takes the lock once it is released', async () => {
    const path = lockPath();
    const dry = new RunLock(path);
    dry.acquire('r-dry', 'dry-run');
    const waited: string[] = [];
    const taking = new RunLock(path).acquireWaiting('r-trade', 'trade', { waitMs: 60_000, mayWaitFor: (h) => h.purpose === 'dry-run', onWait: (h) => { waited.push(h.runId); dry.release(); } });
    await taking;
    expect(waited).toEqual(['r-dry']);
    expect(JSON.parse(readFileSync(path, 'utf8')).runId).toBe('r-trade');
  });

  it('does not wait for a holder it may not wait for', async () => {
    const path = lockPath();
    new RunLock(path).acquire('r-live', 'trade');
    await expect(new RunLock(path).acquireWaiting('r-2', 'trade', { waitMs: 60_000, mayWaitFor: (h) => h.purpose === 'dry-run', onWait: () => undefined })).rejects.toThrow(RunLockedError);
  });
});
