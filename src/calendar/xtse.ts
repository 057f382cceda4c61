import { MONDAY } from './civil-date.js';
import type { CalendarSpec } from './calendar-spec.js';
import { MON_TO_FRI } from './rules.js';

/**
 * Toronto Stock Exchange.
 *
 * Sources: TMX Group's published trading holidays (tmx.com, "Holidays and hours") and the
 * TSX rules as encoded in pandas_market_calendars' TSX calendar. Unlike XNYS and XLON there is
 * no full session table to test against here, so the tests pin hand-checked years.
 */
export const XTSE = Object.freeze<CalendarSpec>({
  mic: 'XTSE',
  name: 'Toronto Stock Exchange',
  timeZone: 'America/Toronto',
  open: '09:30',
  close: '16:00',
  openDayOffset: 0,
  tradingWeekdays: MON_TO_FRI,
  // Substitute days roll forward past weekends and earlier holidays (Christmas before Boxing Day).
  holidays: [
    { name: "New Year's Day", date: { kind: 'fixed', month: 1, day: 1 }, observance: 'next-free-weekday' },
    // Ontario's Family Day was first held in 2008.
    { name: 'Family Day', date: { kind: 'nth-weekday', month: 2, weekday: MONDAY, n: 3 }, fromYear: 2008 },
    { name: 'Good Friday', date: { kind: 'easter', offsetDays: -2 } },
    { name: 'Victoria Day', date: { kind: 'weekday-on-or-before', month: 5, day: 24, weekday: MONDAY } },
    { name: 'Canada Day', date: { kind: 'fixed', month: 7, day: 1 }, observance: 'next-free-weekday' },
    { name: 'Civic Holiday', date: { kind: 'nth-weekday', month: 8, weekday: MONDAY, n: 1 } },
    { name: 'Labour Day', date: { kind: 'nth-weekday', month: 9, weekday: MONDAY, n: 1 } },
    { name: 'Thanksgiving Day', date: { kind: 'nth-weekday', month: 10, weekday: MONDAY, n: 2 } },
    { name: 'Christmas Day', date: { kind: 'fixed', month: 12, day: 25 }, observance: 'next-free-weekday' },
    { name: 'Boxing Day', date: { kind: 'fixed', month: 12, day: 26 }, observance: 'next-free-weekday' },
  ],
  closures: [
    { date: '2001-09-11', name: 'September 11 attacks' },
    { date: '2001-09-12', name: 'September 11 attacks' },
  ],
  // From 2010 the TSX closes at 13:00 on 24 December when it is a weekday.
  earlyCloses: [
    { name: 'Christmas Eve', date: { kind: 'fixed', month: 12, day: 24 }, onWeekdays: MON_TO_FRI, fromYear: 2010, close: '13:00' },
  ],
  specialCloses: [],
  firstYear: 2000,
  lastYear: 2030,
});
