import { describe, expect, it } from 'vitest';
import { getCalendar } from '../calendar/get-calendar.js';
import type { RunSummary } from '../cycle/journal.js';
import { buildSchedule } from './schedule.js';
import { checkLiveness, lastSuccessfulRun, watchdogNotice } from './watchdog.js';

const DEFAULTS = { afterOpenMinutes: 5, beforeCloseMinutes: 10, endOfDay: '0 5 * * *', heartbeatUrlEnv: 'AUTOFOLIO_HEARTBEAT_URL', watchdogGraceMinutes: 20 };
const schedule = buildSchedule(DEFAULTS, getCalendar('XNYS'), Date.parse('2024-01-01T00:00:00Z'));
const GRACE = 20 * 60_000;
const run = (id: string, startedAt: string, outcome: RunSummary['outcome'], dryRun = false): RunSummary => ({ id, purpose: 'trade', dryRun, startedAt: Date.parse(startedAt), outcome, ordersSent: 0, fills: 0 });

describe('lastSuccessfulRun', () => {
  it('counts ok and blocked runs, not errors, interrupted or dry runs', () => {
    const runs = [run('e', '2024-11-29T17:35:00Z', 'error'), run('d', '2024-11-29T17:00:00Z', 'ok', true), run('i', '2024-11-29T16:50:00Z', 'interrupted'), run('b', '2024-11-29T16:35:00Z', 'blocked'), run('o', '2024-11-29T15:35:00Z', 'ok')];
    expect(lastSuccessfulRun(runs)?.id).toBe('b');
  });
});

describe('checkLiveness', () => {
  it('is healthy while a run succeeded at or after the latest trigger older than the grace period', () => {
    const runs = [run('a', '2024-11-29T16:35:01Z', 'ok')];
    // At 16:50 the 16:35 trigger is still within its 20 minutes of grace: 15:35 is the one checked.
    expect(checkLiveness(schedule, Date.parse('2024-11-29T16:50:00Z'), GRACE, runs).healthy).toBe(true);
    expect(checkLiveness(schedule, Date.parse('2024-11-29T17:54:59Z'), GRACE, runs).healthy).toBe(true);
    const late = checkLiveness(schedule, Date.parse('2024-11-29T17:55:00Z'), GRACE, runs);
    expect(late.healthy).toBe(false);
    expect(late.expected?.time).toBe(Date.parse('2024-11-29T17:35:00Z'));
    expect(late.message).toMatch(/no successful run since the trade trigger of 2024-11-29T17:35:00.000Z/);
  });

  it('alerts when every run since the trigger failed (a gateway that never came back)', () => {
    const runs = [run('e2', '2024-11-29T17:35:00Z', 'error'), run('e1', '2024-11-29T16:35:00Z', 'error'), run('o', '2024-11-29T15:35:00Z', 'ok')];
    expect(checkLiveness(schedule, Date.parse('2024-11-29T17:00:00Z'), GRACE, runs).healthy).toBe(false);
  });

  it('expects nothing over a long weekend after the end-of-day job', () => {
    const runs = [run('eod', '2024-11-30T10:00:00Z', 'ok')];
    expect(checkLiveness(schedule, Date.parse('2024-12-02T14:00:00Z'), GRACE, runs).healthy).toBe(true);
    expect(checkLiveness(schedule, Date.parse('2024-12-02T14:56:00Z'), GRACE, runs).healthy).toBe(false);
  });

  it('names the missed trigger and the latest run in the alert', () => {
    const runs = [run('e', '2024-11-29T17:35:00Z', 'error')];
    const liveness = checkLiveness(schedule, Date.parse('2024-11-29T18:00:00Z'), GRACE, runs);
    const notice = watchdogNotice('A1', liveness, runs[0]);
    expect(notice.kind).toBe('alert');
    expect(notice.subject).toBe('[autofolio] ERROR A1 watchdog: no successful run since 2024-11-29T17:35:00.000Z');
    expect(notice.text).toMatch(/latest run of any kind: e, error/);
  });
});
