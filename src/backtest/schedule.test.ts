import { describe, expect, it } from 'vitest';
import { getCalendar } from '../calendar/get-calendar.js';
import { parseRebalance, rebalanceTimes, sessionMarks } from './schedule.js';

const xnys = getCalendar('XNYS');
const iso = (t: number): string => new Date(t).toISOString();

describe('rebalance schedules', () => {
  it('parses the five forms and refuses the rest with the list', () => {
    expect(parseRebalance('weekly')).toEqual({ kind: 'weekly' });
    expect(parseRebalance('every:21')).toEqual({ kind: 'every', sessions: 21 });
    for (const bad of ['every:0', 'every:', 'yearly', 'Daily']) expect(() => parseRebalance(bad)).toThrow(/hourly, daily, weekly, monthly or every:N/);
  });

  it('runs hourly from 5 minutes after the open while 10 minutes remain', () => {
    // 2024-11-29 is the day after Thanksgiving: the NYSE closes at 13:00 New York (18:00 UTC).
    const times = rebalanceTimes(xnys, '2024-11-27', '2024-11-29', { kind: 'hourly' }).map(iso);
    expect(times.filter((t) => t.startsWith('2024-11-27'))).toEqual(['14:35', '15:35', '16:35', '17:35', '18:35', '19:35', '20:35'].map((h) => `2024-11-27T${h}:00.000Z`));
    expect(times.some((t) => t.startsWith('2024-11-28'))).toBe(false);
    expect(times.filter((t) => t.startsWith('2024-11-29'))).toEqual(['2024-11-29T14:35:00.000Z', '2024-11-29T15:35:00.000Z', '2024-11-29T16:35:00.000Z', '2024-11-29T17:35:00.000Z']);
  });

  it('picks the first session of each week or month, or every N-th session', () => {
    const weekly = rebalanceTimes(xnys, '2024-12-23', '2025-01-10', { kind: 'weekly' }).map((t) => iso(t).slice(0, 10));
    expect(weekly).toEqual(['2024-12-23', '2024-12-30', '2025-01-06']);
    const monthly = rebalanceTimes(xnys, '2024-11-15', '2025-01-15', { kind: 'monthly' }).map((t) => iso(t).slice(0, 10));
    expect(monthly).toEqual(['2024-11-15', '2024-12-02', '2025-01-02']);
    const every = rebalanceTimes(xnys, '2025-01-06', '2025-01-17', { kind: 'every', sessions: 3 }).map((t) => iso(t).slice(0, 10));
    expect(every).toEqual(['2025-01-06', '2025-01-10', '2025-01-15']);
  });

  it('marks every session at its close', () => {
    expect(sessionMarks(xnys, '2024-11-29', '2024-12-02')).toEqual([
      { date: '2024-11-29', time: Date.UTC(2024, 10, 29, 18) },
      { date: '2024-12-02', time: Date.UTC(2024, 11, 2, 21) },
    ]);
  });
});
