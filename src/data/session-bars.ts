import { utcDateOf } from '../calendar/civil-date.js';
import { CalendarError } from '../calendar/errors.js';
import type { ExchangeCalendar, Session } from '../calendar/session.js';
import { BarSeries, DAY_MS } from './bar-series.js';
import { withStarts, type ColumnarBars } from './columnar/columnar-bars.js';
import { equalColumns } from './columnar/equal-columns.js';

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

/**
 * Session starts and ends of date-stamped bars, or undefined when the bars are to be taken as
 * stamped. The sessions of the series' dates are asked for in one range and walked beside the
 * bars, both in date order: asking the calendar date by date made a date string per bar and
 * parsed it back, which over ten years of bars was most of a backtest's set-up.
 */
function placeInSessions(times: Float64Array, calendar: ExchangeCalendar): { starts: Float64Array; ends: Float64Array } | undefined {
  if (!isDailyDateStamped(times)) return undefined;
  const n = times.length;
  let sessions: readonly Session[];
  try {
    sessions = calendar.sessions(utcDateOf(times[0]!), utcDateOf(times[n - 1]!));
  } catch (error) {
    // Dates outside the calendar's years: the series cannot be placed, so it is taken as stamped.
    if (error instanceof CalendarError) return undefined;
    throw error;
  }
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  // The hours of the last session met, as offsets from its date's midnight (UTC).
  let openOffset = Number.NaN;
  let closeOffset = Number.NaN;
  // Bars before the first session met (holidays at the start) take that session's hours.
  let unplaced = 0;
  let next = 0;
  let nextDay = sessions.length > 0 ? Date.parse(sessions[0]!.date) : Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const day = times[i]!;
    while (nextDay < day) nextDay = ++next < sessions.length ? Date.parse(sessions[next]!.date) : Number.POSITIVE_INFINITY;
    if (nextDay === day) {
      const session = sessions[next]!;
      // A session that opens the evening before its date (FX) would move the bar to the day
      // before, and daily closes are kept by date: such a series is taken as stamped.
      if (session.open < day) return undefined;
      openOffset = session.open - day;
      closeOffset = session.close - day;
      for (; unplaced < i; unplaced++) {
        starts[unplaced] = times[unplaced]! + openOffset;
        ends[unplaced] = times[unplaced]! + closeOffset;
      }
    }
    if (Number.isNaN(openOffset)) continue;
    starts[i] = day + openOffset;
    ends[i] = day + closeOffset;
    unplaced = i + 1;
  }
  // Not one session in the whole series (a venue the calendar does not describe): as stamped.
  return unplaced < n ? undefined : { starts, ends };
}
