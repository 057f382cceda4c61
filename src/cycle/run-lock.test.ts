import { mkdtempSync, readFileSync, writeFileSync, utimesSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunLock, RunLockedError } from './run-lock.js';

const lockPath = (): string => join(mkdtempSync(join(tmpdir(), 'lock-')), 'run.lock');

describe('the single-run lock', () => {
  it('lets one holder in and refuses a second while the first is alive', () => {
    const path = lockPath();
    const first = new RunLock(path);
    first.acquire('r-1');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ pid: process.pid, runId: 'r-1' });
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
});
