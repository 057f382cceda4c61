import { parseDate } from './civil-date.js';
import { CalendarError } from './errors.js';
import { getCalendar } from './get-calendar.js';
import type { Session } from './session.js';

/** An instant as ISO 8601 UTC to the second, the form every journal and report uses. */
function isoSecond(t: number): string {
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Sessions for people (`date  open … close  early close`, one per line) or for programs
 * (a JSON array of `{date, open, close}`, one element per line). Times are UTC.
 */
export function formatSessions(sessions: readonly Session[], json: boolean): string {
  if (json) {
    if (sessions.length === 0) return '[]\n';
    const rows = sessions.map((s) => `  ${JSON.stringify({ date: s.date, open: isoSecond(s.open), close: isoSecond(s.close) })}`);
    return `[\n${rows.join(',\n')}\n]\n`;
  }
  return sessions
    .map((s) => `${s.date}  ${isoSecond(s.open)} … ${isoSecond(s.close)}${s.earlyClose ? '  early close' : ''}\n`)
    .join('');
}

export interface CalendarReportOptions {
  readonly exchange: string;
  readonly from: string;
  readonly to: string;
  readonly json?: boolean;
}

/**
 * What `autofolio calendar` prints. Throws a CalendarError with a message for the user when
 * the exchange or a date is wrong, so the command can report it and exit 1.
 */
export function calendarReport(options: CalendarReportOptions): string {
  const calendar = getCalendar(options.exchange);
  if (parseDate(options.from) > parseDate(options.to)) {
    throw new CalendarError(`--from ${options.from} is after --to ${options.to}`);
  }
  return formatSessions(calendar.sessions(options.from, options.to), options.json ?? false);
}
