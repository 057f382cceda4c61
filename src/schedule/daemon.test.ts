import { describe, expect, it } from 'vitest';
import { getCalendar } from '../calendar/get-calendar.js';
import type { DigestLabel } from '../cycle/cycle-deps.js';
import { Daemon } from './daemon.js';
import { MemoryFiredStore, type FiredRecord } from './fired-store.js';
import { buildSchedule } from './schedule.js';
import { SimulatedDaemonClock } from './simulated-daemon-clock.js';
import type { Trigger } from './triggers.js';

const DEFAULTS = { afterOpenMinutes: 5, beforeCloseMinutes: 10, endOfDay: '0 5 * * *', heartbeatUrlEnv: 'AUTOFOLIO_HEARTBEAT_URL', watchdogGraceMinutes: 20 };
const schedule = buildSchedule(DEFAULTS, getCalendar('XNYS'), Date.parse('2024-11-01T00:00:00Z'));
const CYCLE_MS = 90_000;

interface Fired {
  readonly line: string;
  readonly digestSent: DigestLabel | undefined;
  readonly at: number;
}

/** Runs the daemon on a simulated clock from `start` to `end`; each cycle takes 90 s. */
async function simulate(start: string, end: string, store = new MemoryFiredStore(), options: { once?: boolean } = {}): Promise<Fired[]> {
  const fired: Fired[] = [];
  const stop = { daemon: undefined as Daemon | undefined };
  const clock = new SimulatedDaemonClock(Date.parse(start), Date.parse(end), () => stop.daemon?.stop('end of simulation'));
  const daemon = new Daemon({
    schedule,
    clock,
    store,
    log: () => {},
    fire: async (t: Trigger, digest) => {
      fired.push({ line: `${new Date(t.time).toISOString().slice(0, 16)}Z ${t.kind}${t.digest ? ` ${t.digest}` : ''}`, digestSent: digest, at: clock.now() });
      clock.advance(CYCLE_MS);
      return { runId: `r${fired.length}`, outcome: 'ok' };
    },
  });
  stop.daemon = daemon;
  await daemon.run(options);
  return fired;
}

describe('the daemon on a simulated clock, XNYS default schedule', () => {
  it('fires exactly these triggers across the end of DST (Sunday 3 November 2024)', async () => {
    const fired = await simulate('2024-10-31T20:00:00Z', '2024-11-05T21:00:00Z');
    expect(fired.map((f) => f.line)).toEqual([
      '2024-11-01T09:00Z end-of-day session end', // 05:00 EDT, commits Thursday 31 October
      '2024-11-01T13:35Z trade session start', // 09:35 EDT
      '2024-11-01T14:35Z trade',
      '2024-11-01T15:35Z trade',
      '2024-11-01T16:35Z trade',
      '2024-11-01T17:35Z trade session middle', // first run past 12:45, the middle of 09:30–16:00
      '2024-11-01T18:35Z trade',
      '2024-11-01T19:35Z trade session end', // 15:35 EDT, the last before 15:50
      '2024-11-02T09:00Z end-of-day session end', // Saturday 05:00 EDT commits Friday; none on Sunday or Monday
      '2024-11-04T14:35Z trade session start', // 09:35 EST: one hour later in UTC
      '2024-11-04T15:35Z trade',
      '2024-11-04T16:35Z trade',
      '2024-11-04T17:35Z trade',
      '2024-11-04T18:35Z trade session middle',
      '2024-11-04T19:35Z trade',
      '2024-11-04T20:35Z trade session end',
      '2024-11-05T10:00Z end-of-day session end', // 05:00 EST
      '2024-11-05T14:35Z trade session start',
      '2024-11-05T15:35Z trade',
      '2024-11-05T16:35Z trade',
      '2024-11-05T17:35Z trade',
      '2024-11-05T18:35Z trade session middle',
      '2024-11-05T19:35Z trade',
      '2024-11-05T20:35Z trade session end',
    ]);
    // On time: each fires at its own minute, not later.
    for (const f of fired) expect(Date.parse(`${f.line.slice(0, 16)}:00Z`)).toBe(f.at);
  });

  it('fires exactly these triggers across Thanksgiving (closed) and the early close the day after', async () => {
    const fired = await simulate('2024-11-26T21:00:00Z', '2024-12-02T16:00:00Z');
    expect(fired.map((f) => f.line)).toEqual([
      '2024-11-27T10:00Z end-of-day session end',
      '2024-11-27T14:35Z trade session start',
      '2024-11-27T15:35Z trade',
      '2024-11-27T16:35Z trade',
      '2024-11-27T17:35Z trade',
      '2024-11-27T18:35Z trade session middle',
      '2024-11-27T19:35Z trade',
      '2024-11-27T20:35Z trade session end',
      '2024-11-28T10:00Z end-of-day session end', // Thanksgiving morning commits Wednesday; no trading that day
      '2024-11-29T14:35Z trade session start', // closes 13:00 EST = 18:00Z
      '2024-11-29T15:35Z trade',
      '2024-11-29T16:35Z trade session middle', // 11:35, past the middle 11:15 of 09:30–13:00
      '2024-11-29T17:35Z trade session end', // 12:35: the last before 12:50
      '2024-11-30T10:00Z end-of-day session end',
      '2024-12-02T14:35Z trade session start',
      '2024-12-02T15:35Z trade',
    ]);
  });

  it('tells each run the latest digest whose trigger has passed, so a run that failed to send one is caught up', async () => {
    const fired = await simulate('2024-11-29T14:31:00Z', '2024-11-30T11:00:00Z');
    expect(fired.map((f) => f.digestSent)).toEqual(['session start', 'session start', 'session middle', 'session end', 'session end']);
  });
});

describe('restarts', () => {
  const firedAt = (iso: string, kind: 'trade' | 'end-of-day' = 'trade'): FiredRecord => ({ time: Date.parse(iso), kind, session: iso.slice(0, 10), firedAt: Date.parse(iso) });

  it('runs a trigger missed while it was down once on restart, while the session is open, and not again on the next restart', async () => {
    const store = new MemoryFiredStore(firedAt('2024-11-29T14:35:00Z'));
    // Down from 09:36 to 11:50 EST: 10:35 and 11:35 were missed; only the latest runs, late.
    const first = await simulate('2024-11-29T16:50:00Z', '2024-11-29T17:00:00Z', store);
    expect(first.map((f) => [f.line, new Date(f.at).toISOString()])).toEqual([['2024-11-29T16:35Z trade session middle', '2024-11-29T16:50:00.000Z']]);
    expect((await store.last())?.time).toBe(Date.parse('2024-11-29T16:35:00Z'));
    const second = await simulate('2024-11-29T16:53:00Z', '2024-11-29T17:00:00Z', store);
    expect(second).toEqual([]);
    // And the schedule goes on from there.
    const third = await simulate('2024-11-29T16:55:00Z', '2024-11-29T17:40:00Z', store);
    expect(third.map((f) => f.line)).toEqual(['2024-11-29T17:35Z trade session end']);
  });

  it('does not run a missed trading trigger once its session has closed, but runs a missed end-of-day job before the next open', async () => {
    const afterClose = await simulate('2024-11-29T18:30:00Z', '2024-11-29T19:00:00Z', new MemoryFiredStore(firedAt('2024-11-29T14:35:00Z')));
    expect(afterClose).toEqual([]);
    const eodStore = new MemoryFiredStore(firedAt('2024-11-29T17:35:00Z'));
    const beforeOpen = await simulate('2024-12-02T12:00:00Z', '2024-12-02T14:00:00Z', eodStore, { once: true });
    expect(beforeOpen.map((f) => f.line)).toEqual(['2024-11-30T10:00Z end-of-day session end']);
    expect(await simulate('2024-12-02T12:01:00Z', '2024-12-02T14:00:00Z', eodStore, { once: true })).toEqual([]);
    const afterOpen = await simulate('2024-12-02T14:31:00Z', '2024-12-02T14:34:00Z', new MemoryFiredStore(firedAt('2024-11-29T17:35:00Z')));
    expect(afterOpen).toEqual([]);
  });

  it('a crash during a cycle does not make the restart fire the same trigger', async () => {
    const store = new MemoryFiredStore(firedAt('2024-11-29T14:35:00Z'));
    const clock = new SimulatedDaemonClock(Date.parse('2024-11-29T15:35:00Z'), Date.parse('2024-11-29T16:00:00Z'), () => {});
    const crashing = new Daemon({ schedule, clock, store, log: () => {}, fire: () => new Promise(() => {}) });
    void crashing.run();
    await new Promise((r) => setTimeout(r, 20));
    expect(crashing.running?.time).toBe(Date.parse('2024-11-29T15:35:00Z'));
    // The process dies here; a new one starts a minute later.
    expect(await simulate('2024-11-29T15:36:00Z', '2024-11-29T16:00:00Z', store)).toEqual([]);
  });

  it('on a first start with nothing fired, runs the latest trigger if its session is still open', async () => {
    const fired = await simulate('2024-11-29T15:00:00Z', '2024-11-29T15:10:00Z');
    expect(fired.map((f) => f.line)).toEqual(['2024-11-29T14:35Z trade session start']);
  });
});

describe('stop', () => {
  it('waits for the running cycle, then returns without firing more', async () => {
    let finish: () => void = () => {};
    const started: number[] = [];
    const clock = new SimulatedDaemonClock(Date.parse('2024-11-29T14:34:00Z'), Date.parse('2024-11-30T00:00:00Z'), () => {});
    const daemon = new Daemon({
      schedule,
      clock,
      store: new MemoryFiredStore(),
      log: () => {},
      fire: (t) => {
        started.push(t.time);
        return new Promise((resolve) => (finish = () => resolve({ runId: 'r', outcome: 'ok' })));
      },
    });
    let returned = false;
    const running = daemon.run().then((n) => ((returned = true), n));
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toEqual([Date.parse('2024-11-29T14:35:00Z')]);
    daemon.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 20));
    expect(returned).toBe(false);
    finish();
    expect(await running).toBe(1);
    expect(started).toHaveLength(1);
  });
});

describe('tick', () => {
  it('wakes every tick while it waits for the next trigger, to deliver the outbox', async () => {
    const ticks: string[] = [];
    const stop = { daemon: undefined as Daemon | undefined };
    const clock = new SimulatedDaemonClock(Date.parse('2024-11-29T17:40:00Z'), Date.parse('2024-11-29T20:00:00Z'), () => stop.daemon?.stop('end'));
    const daemon = new Daemon({
      schedule,
      clock,
      store: new MemoryFiredStore({ time: Date.parse('2024-11-29T17:35:00Z'), kind: 'trade', session: '2024-11-29', firedAt: Date.parse('2024-11-29T17:35:00Z') }),
      log: () => {},
      fire: async () => ({ outcome: 'ok' }),
      tick: { everyMs: 30 * 60_000, run: async () => void ticks.push(new Date(clock.now()).toISOString().slice(11, 16)) },
    });
    stop.daemon = daemon;
    expect(await daemon.run()).toBe(0);
    expect(ticks).toEqual(['18:10', '18:40', '19:10', '19:40']);
  });
});
