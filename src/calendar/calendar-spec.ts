import type { Weekday } from './civil-date.js';
import type { EarlyCloseRule, HolidayRule, OneOffDay, OneOffEarlyClose } from './rules.js';

/** Everything that makes one exchange's calendar; rule-calendar.ts turns it into sessions. */
export interface CalendarSpec {
  readonly mic: string;
  readonly name: string;
  readonly timeZone: string;
  /** Regular local open and close, HH:MM. */
  readonly open: string;
  readonly close: string;
  /**
   * Days between the local date of the open and the session's date: 0 for stock exchanges,
   * -1 for FX, whose session for a date opens at 17:00 New York the evening before.
   */
  readonly openDayOffset: number;
  readonly tradingWeekdays: readonly Weekday[];
  readonly holidays: readonly HolidayRule[];
  readonly closures: readonly OneOffDay[];
  readonly earlyCloses: readonly EarlyCloseRule[];
  readonly specialCloses: readonly OneOffEarlyClose[];
  /** The years whose rules were checked; questions outside them are refused. */
  readonly firstYear: number;
  readonly lastYear: number;
}
