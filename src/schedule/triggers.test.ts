import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCalendar } from '../calendar/get-calendar.js';
import { buildSchedule } from './schedule.js';
import { digestDueAt, digestsOf, dueTrigger, nextTriggers, sessionTriggers, triggersBetween } from './triggers.js';

const DEFAULTS = { afterOpenMinutes: 5, beforeCloseMinutes: 10, endOfDay: '0 5 * * *', heartbeatUrlEnv: 'AUTOFOLIO_HEARTBEAT_URL', watchdogGraceMinutes: 20 };
const t = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString().replace(':00.000Z', 'Z');
const nyse = buildSchedule(DEFAULTS, getCalendar('XNYS'), t('2024-01-01T00:00:00Z'));

describe('digestsOf', () => {
  const session = { date: '2024-11-29', open: 0, close: 100, earlyClose: false };
  it('labels the first, the first past the middle and the last trigger', () => {
    expect(digestsOf(session, [5, 20, 50, 60, 90])).toEqual(['session start', undefined, 'session middle', undefined, 'session end']);
  });
  it('gives a lone trigger the latest label, which stands for the earlier ones', () => {
    expect(digestsOf(session, [30])).toEqual(['session end']);
    expect(digestsOf(session, [])).toEqual([]);
  });
});

describe('sessionTriggers', () => {
  it('keeps trading times inside the window of an early close and in exchange time', () => {
    const s = getCalendar('XNYS').session('2024-12-24')!;
    expect(sessionTriggers(nyse, s).map((x) => `${iso(x.time)} ${x.kind}`)).toEqual([
      '2024-12-24T14:35Z trade',
      '2024-12-24T15:35Z trade',
      '2024-12-24T16:35Z trade',
      '2024-12-24T17:35Z trade',
      '2024-12-25T10:00Z end-of-day', // 05:00 on Christmas morning, before the next open (the 26th)
    ]);
  });

  it('merges several expressions and drops duplicates', () => {
    const s = buildSchedule({ ...DEFAULTS, trade: ['35 9-11 * * *', '35 10 * * *', '0 16 * * *'] }, getCalendar('XNYS'), t('2024-01-01T00:00:00Z'));
    expect(sessionTriggers(s, getCalendar('XNYS').session('2024-07-10')!).map((x) => iso(x.time))).toEqual(['2024-07-10T13:35Z', '2024-07-10T14:35Z', '2024-07-10T15:35Z', '2024-07-11T09:00Z']);
  });

  it('has no end-of-day run on a calendar without a gap between sessions (FX)', () => {
    const fx = buildSchedule(DEFAULTS, getCalendar('FX'), t('2024-01-01T00:00:00Z'));
    const triggers = sessionTriggers(fx, getCalendar('FX').session('2024-07-10')!);
    expect(triggers.every((x) => x.kind === 'trade')).toBe(true);
    expect(triggers).toHaveLength(24);
  });
});

describe('nextTriggers', () => {
  it('crosses the spring DST change and Good Friday', () => {
    expect(nextTriggers(nyse, t('2024-03-08T20:00:00Z'), 3).map((x) => `${iso(x.time)} ${x.kind}`)).toEqual(['2024-03-08T20:35Z trade', '2024-03-09T10:00Z end-of-day', '2024-03-11T13:35Z trade']);
    expect(nextTriggers(nyse, t('2024-03-28T20:40:00Z'), 2).map((x) => `${iso(x.time)} ${x.kind}`)).toEqual(['2024-03-29T09:00Z end-of-day', '2024-04-01T13:35Z trade']);
  });

  it('are the first of all the triggers ahead, for any exchange, schedule and moment', () => {
    // Three weeks of triggers, worked out the long way, hold the first of them.
    const WINDOW = 21 * 86_400_000;
    const schedules = fc.record({
      exchange: fc.constantFrom('XNYS', 'XLON', 'XTSE', 'FX'),
      trade: fc.option(fc.subarray(['35 * * * *', '0 */2 * * *', '15 10,14 * * 1-5', '0 0 1 * *', '10 9-11 * * 3'], { minLength: 1 }), { nil: undefined }),
      endOfDay: fc.constantFrom('30 17 * * *', '0 5 * * *', '0 23 * * 5'),
      afterOpenMinutes: fc.integer({ min: 0, max: 120 }),
      beforeCloseMinutes: fc.integer({ min: 0, max: 120 }),
    });
    fc.assert(
      fc.property(schedules, fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 11, 31) }), fc.integer({ min: 1, max: 12 }), (s, after, count) => {
        const schedule = buildSchedule({ ...DEFAULTS, ...s, ...(s.trade ? { trade: s.trade } : {}) }, getCalendar(s.exchange), after);
        const inWindow = triggersBetween(schedule, after, after + WINDOW);
        expect(nextTriggers(schedule, after, count).filter((x) => x.time <= after + WINDOW)).toEqual(inWindow.slice(0, count));
      }),
      { numRuns: 40 },
    );
  });

  it('ends, without throwing, where the calendar\'s checked years end', () => {
    // The last week of 2030 needs 2031's first session, which the calendar refuses to guess:
    // the daemon then says the schedule has nothing ahead and stops.
    expect(nextTriggers(nyse, t('2030-12-31T12:00:00Z'), 10)).toEqual([]);
    expect(nextTriggers(nyse, t('2030-12-20T12:00:00Z'), 1).map((x) => iso(x.time))).toEqual(['2030-12-20T14:35Z']);
  });
});

describe('dueTrigger and digestDueAt', () => {
  it('is nothing when the latest trigger was fired, and the latest one when it was not', () => {
    expect(dueTrigger(nyse, t('2024-11-29T16:40:00Z'), { time: t('2024-11-29T16:35:00Z'), kind: 'trade' })).toBeUndefined();
    expect(dueTrigger(nyse, t('2024-11-29T16:40:00Z'), { time: t('2024-11-29T14:35:00Z'), kind: 'trade' })?.time).toBe(t('2024-11-29T16:35:00Z'));
  });

  it('tells a run by hand the latest digest passed in the current session', () => {
    expect(digestDueAt(nyse, t('2024-11-29T14:29:00Z'))).toBe('session end'); // before the open: the previous session, Wednesday's
    expect(digestDueAt(nyse, t('2024-11-29T14:34:00Z'))).toBeUndefined(); // open, but before its first trigger
    expect(digestDueAt(nyse, t('2024-11-29T14:35:00Z'))).toBe('session start');
    expect(digestDueAt(nyse, t('2024-11-29T16:00:00Z'))).toBe('session start');
    expect(digestDueAt(nyse, t('2024-11-29T16:35:00Z'))).toBe('session middle');
    expect(digestDueAt(nyse, t('2024-11-29T17:40:00Z'))).toBe('session end');
  });
});
