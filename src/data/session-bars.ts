import { CalendarError } from '../calendar/errors.js';
import type { ExchangeCalendar } from '../calendar/session.js';
import { BarSeries, DAY_MS } from './bar-series.js';
import { withStarts, type ColumnarBars } from './columnar/columnar-bars.js';
import { equalColumns } from './columnar/equal-columns.js';

interface Hours {
  readonly open: number;
  readonly close: number;
}

// Per calendar, the session hours of each UTC day: every symbol of a folder shares its dates,
// so each date is looked up in the calendar once per process, not once per symbol.
const hoursByCalendar = new WeakMap<ExchangeCalendar, Map<number, Hours | null>>();

function sessionHours(calendar: ExchangeCalendar, day: number): Hours | undefined {
  let days = hoursByCalendar.get(calendar);
  if (!days) hoursByCalendar.set(calendar, (days = new Map()));
  let hours = days.get(day);
  if (hours === undefined) {
    // The calendar's own session, kept as it is: it holds the hours, and the calendar keeps it too.
    hours = calendar.session(new Date(day).toISOString().slice(0, 10)) ?? null;
    days.set(day, hours);
  }
  return hours ?? undefined;
}

// Daily bars are never further apart than a long weekend somewhere in a file; weekly bars
// always are (a week starting after a Monday holiday is still six days from the last).
const LONGEST_DAILY_GAP_MS = 4 * DAY_MS;

/**
 * Daily files stamp a bar with its date alone, which parses to 00:00 UTC. Weekly or monthly
 * bars are stamped so too, but span many sessions: placing one in its first session would
 * make the week's close known on Monday evening, so only a series with bars a day apart
 * somewhere (or a single bar) is placed.
 */
function isDailyDateStamped(times: Float64Array): boolean {
  if (times.length === 0) return false;
  let smallestGap = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times.length; i++) {
    if (times[i]! % DAY_MS !== 0) return false;
    if (i > 0) smallestGap = Math.min(smallestGap, times[i]! - times[i - 1]!);
  }
  return times.length === 1 || smallestGap <= LONGEST_DAILY_GAP_MS;
}

/**
 * The series of an instrument traded on `calendar`. A bar stamped with a date alone is the
 * session of that date: it starts at the open and ends at the close. Taken literally, 00:00 UTC
 * to 00:00 the next day, its open would be known hours before the exchange opens and its close
 * only after midnight, so an equity mark at the close would still see the open and every curve
 * would lag a day. A date the calendar has no session for (a holiday some data sources still
 * carry) is placed at the hours of the nearest session before it, or after it at the start.
 * Bars with a time of day are taken as they are.
 */
export function seriesInSessions(columns: ColumnarBars, calendar: ExchangeCalendar | undefined): BarSeries {
  if (!calendar) return new BarSeries(columns);
  // The files of one folder usually share their dates: the placement of the last series is
  // reused when the dates are the same, so five hundred files cost one placement.
  const last = lastPlacement.get(calendar);
  if (last && equalColumns(last.stamped, columns.time)) return last.series === undefined ? new BarSeries(columns) : new BarSeries(withStarts(columns, last.series.starts), last.series.ends);
  const placed = placeInSessions(columns.time, calendar);
  lastPlacement.set(calendar, { stamped: columns.time, series: placed });
  return placed === undefined ? new BarSeries(columns) : new BarSeries(withStarts(columns, placed.starts), placed.ends);
}

const lastPlacement = new WeakMap<ExchangeCalendar, { stamped: Float64Array; series: { starts: Float64Array; ends: Float64Array } | undefined }>();

/** Session starts and ends of date-stamped bars, or undefined when the bars are to be taken as stamped. */
function placeInSessions(times: Float64Array, calendar: ExchangeCalendar): { starts: Float64Array; ends: Float64Array } | undefined {
  if (!isDailyDateStamped(times)) return undefined;
  const n = times.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  try {
    let offsets: Hours | undefined;
    const unplaced: number[] = [];
    for (let i = 0; i < n; i++) {
      const day = times[i]!;
      const hours = sessionHours(calendar, day);
      // A session that opens the evening before its date (FX) would move the bar to the day
      // before, and daily closes are kept by date: such a series is taken as stamped.
      if (hours && hours.open < day) return undefined;
      if (hours) {
        offsets = { open: hours.open - day, close: hours.close - day };
        for (const j of unplaced) place(j, offsets);
        unplaced.length = 0;
      }
      if (offsets) place(i, offsets);
      else unplaced.push(i);
    }
    // Not one session in the whole series (a venue the calendar does not describe): as stamped.
    if (unplaced.length > 0) return undefined;
  } catch (error) {
    // Dates outside the calendar's years: the series cannot be placed, so it is taken as stamped.
    if (error instanceof CalendarError) return undefined;
    throw error;
  }
  return { starts, ends };

  function place(i: number, offsets: Hours): void {
    const day = times[i]!;
    starts[i] = day + offsets.open;
    ends[i] = day + offsets.close;
  }
}
