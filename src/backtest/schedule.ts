import type { ExchangeCalendar, Session } from '../calendar/session.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** How often a backtest rebalances: `every` counts trading sessions. */
export type Rebalance = { readonly kind: 'hourly' | 'daily' | 'weekly' | 'monthly' } | { readonly kind: 'every'; readonly sessions: number };

export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

/** `hourly`, `daily`, `weekly`, `monthly` or `every:N` (every N-th trading session). */
export function parseRebalance(text: string): Rebalance {
  if (text === 'hourly' || text === 'daily' || text === 'weekly' || text === 'monthly') return { kind: text };
  const every = /^every:(\d+)$/.exec(text);
  if (every && Number(every[1]) >= 1) return { kind: 'every', sessions: Number(every[1]) };
  throw new ScheduleError(`--rebalance ${JSON.stringify(text)}: use hourly, daily, weekly, monthly or every:N (N trading sessions, N ≥ 1)`);
}

/**
 * The hourly triggers of a session, the default schedule of `autofolio demo` and the daemon:
 * every hour from 5 minutes after the open while at least 10 minutes remain.
 */
export function hourlyTriggers(session: Session): number[] {
  const times: number[] = [];
  for (let t = session.open + 5 * MINUTE; t <= session.close - 10 * MINUTE; t += HOUR) times.push(t);
  return times;
}

/** ISO week key of a YYYY-MM-DD date, so the first session of each week can be picked. */
function weekKey(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - weekday * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Trigger times of the rebalances in the sessions dated from `fromDate` to `toDate`: every hourly
 * trigger, or the first trigger (open + 5 min) of every session, of the first session of each
 * week or month, or of every N-th session.
 */
export function rebalanceTimes(calendar: ExchangeCalendar, fromDate: string, toDate: string, rebalance: Rebalance): number[] {
  const sessions = calendar.sessions(fromDate, toDate);
  if (rebalance.kind === 'hourly') return sessions.flatMap(hourlyTriggers);
  const chosen = sessions.filter((session, i) => {
    const previous = sessions[i - 1];
    switch (rebalance.kind) {
      case 'daily':
        return true;
      case 'weekly':
        return !previous || weekKey(previous.date) !== weekKey(session.date);
      case 'monthly':
        return !previous || previous.date.slice(0, 7) !== session.date.slice(0, 7);
      case 'every':
        return i % rebalance.sessions === 0;
    }
  });
  return chosen.flatMap((session) => hourlyTriggers(session).slice(0, 1));
}

/** One mark per session, at its close: the end-of-day equity the metrics are computed from. */
export function sessionMarks(calendar: ExchangeCalendar, fromDate: string, toDate: string): { date: string; time: number }[] {
  return calendar.sessions(fromDate, toDate).map((session) => ({ date: session.date, time: session.close }));
}
