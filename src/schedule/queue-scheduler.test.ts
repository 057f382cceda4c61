import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { starterConfig } from '../cli/starter-config.js';
import { SAMPLE_INSTRUMENTS } from '../data/sample/sample-instruments.js';
import { isoTime } from '../domain/clock.js';
import type { RegisteredAccount } from '../queue/account-registry.js';
import { QueueScheduler } from './queue-scheduler.js';
import { SimulatedDaemonClock } from './simulated-daemon-clock.js';

const root = mkdtempSync(join(tmpdir(), 'autofolio-queue-scheduler-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function configFile(id: string, extra = ''): string {
  const file = join(root, `${id}.yaml`);
  writeFileSync(file, starterConfig(SAMPLE_INSTRUMENTS).replace(/^ {2}id: PAPER-1\b/m, `  id: ${id}`) + extra);
  return file;
}

/** The registry's rows in memory: what the scheduler reads and claims. */
function memoryRegistry(accounts: RegisteredAccount[]): { rows: RegisteredAccount[]; enqueued: string[] } {
  return { rows: accounts, enqueued: [] };
}

async function runDay(state: ReturnType<typeof memoryRegistry>, simulated = true): Promise<number> {
  const from = Date.parse('2025-11-14T14:31:00Z');
  const to = Date.parse('2025-11-14T23:59:00Z');
  const scheduler = new QueueScheduler({
    clock: new SimulatedDaemonClock(from, to, () => undefined),
    simulated,
    until: to,
    accounts: async () => state.rows,
    log: () => undefined,
    enqueue: async (account, _config, trigger) => {
      state.enqueued.push(`${account.id} ${trigger.kind} ${isoTime(trigger.time)}`);
      state.rows = state.rows.map((r) => (r.id === account.id ? { ...r, lastEnqueued: { time: trigger.time, kind: trigger.kind } } : r));
      return true;
    },
  });
  return scheduler.run();
}

describe('the job-queue scheduler over a simulated day', () => {
  it('enqueues each account\'s triggers of the day in order, and a restart enqueues none of them again', async () => {
    const state = memoryRegistry([
      { id: 'S-1', configFile: configFile('S-1') },
      { id: 'S-2', configFile: configFile('S-2', '\nschedule:\n  trade: ["5 10,14 * * *"]\n') },
    ]);
    expect(await runDay(state)).toBe(11);
    const hours = ['14', '15', '16', '17', '18', '19', '20'].map((h) => `S-1 trade 2025-11-14T${h}:35:00.000Z`);
    expect(state.enqueued.filter((e) => e.startsWith('S-1'))).toEqual([...hours, 'S-1 end-of-day 2025-11-14T22:30:00.000Z']);
    // 10:05 and 14:05 New York (EST, UTC−5).
    expect(state.enqueued.filter((e) => e.startsWith('S-2'))).toEqual(['S-2 trade 2025-11-14T15:05:00.000Z', 'S-2 trade 2025-11-14T19:05:00.000Z', 'S-2 end-of-day 2025-11-14T22:30:00.000Z']);
    expect(await runDay(state)).toBe(0);
  });

  it('on the wall clock, an account on the data\'s clock is not scheduled, and the others are', async () => {
    const wall = join(root, 'S-4.yaml');
    writeFileSync(wall, starterConfig(SAMPLE_INSTRUMENTS, { clock: 'wall' }).replace(/^ {2}id: PAPER-1\b/m, '  id: S-4'));
    const state = memoryRegistry([
      { id: 'S-3', configFile: configFile('S-3') },
      { id: 'S-4', configFile: wall },
    ]);
    expect(await runDay(state, false)).toBe(8);
    expect(state.enqueued.every((e) => e.startsWith('S-4'))).toBe(true);
  });
});
