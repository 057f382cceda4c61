import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const RUN_LOCK = new URL('../dist/cycle/run-lock.js', import.meta.url).href;
const ROUNDS = 300;
const RACERS = 3;

// Each racer spins on the shared round number so that all of them try the same stale lock at
// nearly the same instant, then reports whether acquire() returned (won) or threw (refused).
const RACER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { RunLock } = await import(workerData.module);
  const shared = new Int32Array(workerData.shared);
  let seen = 0;
  for (;;) {
    let round;
    while ((round = Atomics.load(shared, 0)) === seen) {}
    if (round < 0) return;
    seen = round;
    let won = false;
    let error;
    try { new RunLock(workerData.path).acquire('r-' + workerData.id + '-' + round); won = true; } catch (caught) { if (caught.name !== 'RunLockedError') error = String(caught); }
    parentPort.postMessage({ round, won, error });
  }
})();
`;

describe('racers on a stale run lock', () => {
  it(`exactly one of ${RACERS} takes it, in each of ${ROUNDS} rounds`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autofolio-lock-race-'));
    const path = join(dir, 'run.lock');
    const shared = new SharedArrayBuffer(4);
    const round = new Int32Array(shared);
    const reports: { round: number; won: boolean; error?: string }[] = [];
    let waiting: (() => void) | undefined;
    const workers = Array.from({ length: RACERS }, (_, id) => {
      const worker = new Worker(RACER, { eval: true, workerData: { module: RUN_LOCK, shared, path, id } });
      worker.on('message', (report: { round: number; won: boolean; error?: string }) => {
        reports.push(report);
        if (reports.length % RACERS === 0) waiting?.();
      });
      return worker;
    });
    try {
      const winners: number[] = [];
      for (let r = 1; r <= ROUNDS; r++) {
        // A lock left by a process that no longer exists (an id above the kernel's pid_max).
        writeFileSync(path, JSON.stringify({ pid: 2 ** 22 + r, runId: `r-dead-${r}` }));
        const done = new Promise<void>((resolve) => (waiting = resolve));
        Atomics.store(round, 0, r);
        await done;
        winners.push(reports.filter((report) => report.round === r && report.won).length);
      }
      expect(reports.flatMap((report) => report.error ?? [])).toEqual([]);
      expect(winners.filter((n) => n !== 1)).toEqual([]);
    } finally {
      Atomics.store(round, 0, -1);
      await Promise.all(workers.map((w) => w.terminate()));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
