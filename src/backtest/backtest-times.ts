import type { ExchangeCalendar } from '../calendar/session.js';
import { DAY_MS, type BarSeries } from '../data/bar-series.js';
import { equalColumns } from '../data/columnar/equal-columns.js';
import { rebalanceTimes, sessionMarks, type Rebalance } from './schedule.js';

/** When a backtest runs the cycle, and when it marks the account's equity. Epoch ms UTC, ascending. */
export interface BacktestTimes {
  readonly decisions: readonly number[];
  readonly marks: readonly number[];
}

export interface TimesInput {
  /** The tradable instruments' series: they set the warm-up and, on the bars schedule, the clock. */
  readonly series: readonly BarSeries[];
  /** Dates of daily closes the strategy needs before its first forecast. */
  readonly historyDays: number;
  readonly rebalance: Rebalance;
  /** First and last date, YYYY-MM-DD, both included; default the data's. */
  readonly fromDate?: string;
  readonly toDate?: string;
}

const dayOf = (time: number): string => new Date(time).toISOString().slice(0, 10);

/**
 * The first time every series holds `days` dates of closes: the start of the bar that begins
 * its `days`-th date (an hourly strategy counts today's partial close, as dailyCloses does).
 */
function warmUpTime(series: readonly BarSeries[], days: number): number {
  if (days <= 0) return Number.NEGATIVE_INFINITY;
  let latest = Number.NEGATIVE_INFINITY;
  // The series of one folder usually share their column of starts (session-bars.ts): a column
  // already walked has the same answer, so five hundred series walk their dates once.
  let walked: Float64Array | undefined;
  for (const one of series) {
    const times = one.columns.time;
    if (times === walked) continue;
    walked = times;
    let dates = 0;
    let lastDay = Number.NaN;
    let found = Number.POSITIVE_INFINITY;
    for (let i = 0; i < times.length; i++) {
      const day = Math.floor(times[i]! / DAY_MS);
      if (day !== lastDay) {
        lastDay = day;
        if (++dates === days) {
          found = times[i]!;
          break;
        }
      }
    }
    latest = Math.max(latest, found);
  }
  return latest;
}

/** Every bar end of the series once, ascending; one copy when they all share their bars, as aligned data does. */
function barEnds(series: readonly BarSeries[]): Float64Array {
  const first = series[0]?.ends ?? new Float64Array(0);
  const same = series.every((s) => equalColumns(s.ends, first));
  if (same) return first;
  const all = new Float64Array(series.reduce((n, s) => n + s.length, 0));
  let at = 0;
  for (const s of series) {
    all.set(s.ends, at);
    at += s.length;
  }
  all.sort();
  return all.filter((end, i) => i === 0 || end !== all[i - 1]);
}

function dateRange(input: TimesInput, ends: Float64Array): { from: string; to: string } {
  const from = input.fromDate ?? (ends.length > 0 ? dayOf(ends[0]!) : undefined);
  const to = input.toDate ?? (ends.length > 0 ? dayOf(ends[ends.length - 1]!) : undefined);
  if (from === undefined || to === undefined) throw new RangeError('no bars to backtest');
  return { from, to };
}

/**
 * The data is the calendar: a decision at the close of every N-th bar from the first bar at
 * which the strategy has its history (or the first of each date, week or month), a mark at
 * every bar's close.
 */
export function barTimes(input: TimesInput): BacktestTimes {
  const ends = barEnds(input.series);
  const { from, to } = dateRange(input, ends);
  // Days compared as UTC day numbers, not date strings: formatting the date of every bar's end
  // cost more than the rest of the schedule.
  const fromDay = utcDayOf(from);
  const toDay = utcDayOf(to);
  const warmUp = warmUpTime(input.series, input.historyDays);
  const marks: number[] = [];
  const decisions: number[] = [];
  let counted = 0;
  let previousKey: number | undefined;
  for (const end of ends) {
    const day = Math.floor(end / DAY_MS);
    if (day < fromDay || day > toDay) continue;
    marks.push(end);
    if (end < warmUp) continue;
    const key = periodKey(input.rebalance, day);
    const decide = input.rebalance.kind === 'every' ? counted % input.rebalance.sessions === 0 : input.rebalance.kind === 'hourly' || key !== previousKey;
    counted += 1;
    previousKey = key;
    if (decide) decisions.push(end);
  }
  return { decisions, marks };
}

/** The exchange's sessions: the schedule's triggers from the first session with the strategy's history, a mark at every close. */
export function sessionTimes(input: TimesInput, calendar: ExchangeCalendar): BacktestTimes {
  const { from, to } = dateRange(input, barEnds(input.series));
  const warmUp = warmUpTime(input.series, input.historyDays);
  const start = Number.isFinite(warmUp) && dayOf(warmUp) > from ? calendar.sessionAt(warmUp)?.date ?? dayOf(warmUp) : from;
  return { decisions: rebalanceTimes(calendar, start, to, input.rebalance).filter((t) => t >= warmUp), marks: sessionMarks(calendar, from, to).map((m) => m.time) };
}

const utcDayOf = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/** The period a UTC day number falls in, as a number that changes when the period does. */
function periodKey(rebalance: Rebalance, day: number): number {
  switch (rebalance.kind) {
    case 'hourly':
    case 'every':
    case 'daily':
      return day;
    case 'weekly':
      // Its Monday: day 0, 1970-01-01, was a Thursday.
      return day - ((((day + 3) % 7) + 7) % 7);
    case 'monthly': {
      const date = new Date(day * DAY_MS);
      return date.getUTCFullYear() * 12 + date.getUTCMonth();
    }
  }
}
