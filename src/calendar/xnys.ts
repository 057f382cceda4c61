import { FRIDAY, MONDAY, THURSDAY, TUESDAY, WEDNESDAY } from './civil-date.js';
import type { CalendarSpec } from './calendar-spec.js';
import { MON_TO_FRI, MON_TO_THU } from './rules.js';

/**
 * New York Stock Exchange (also the calendar of NYSE Arca, where most US ETFs list).
 *
 * Sources: NYSE Rule 7.2 and the holiday and early-close pages NYSE publishes each year
 * (nyse.com/markets/hours-calendars); the rules were checked against every session of
 * 2000–2023 in the exchange_calendars project's XNYS table (test/fixtures/calendar).
 *
 * No maintained npm package covers this: the packages found (nyse-holidays 1.2.0, a single
 * release; trading-calendar 1.1.1, hand-typed dates for 2021–2022 only) lack early closes,
 * one-off closures or the years before 2021, so the rules are written here as data.
 */
export const XNYS = Object.freeze<CalendarSpec>({
  mic: 'XNYS',
  name: 'New York Stock Exchange',
  timeZone: 'America/New_York',
  open: '09:30',
  close: '16:00',
  openDayOffset: 0,
  tradingWeekdays: MON_TO_FRI,
  holidays: [
    // Rule 7.2: a Saturday holiday closes the Friday before "unless unusual business conditions
    // exist, such as the ending of a monthly or yearly accounting period" — which is why a
    // Saturday New Year's Day (2000, 2005, 2011, 2022) is not observed on 31 December.
    { name: "New Year's Day", date: { kind: 'fixed', month: 1, day: 1 }, observance: 'sunday-to-monday' },
    { name: 'Martin Luther King Jr. Day', date: { kind: 'nth-weekday', month: 1, weekday: MONDAY, n: 3 }, fromYear: 1998 },
    { name: "Washington's Birthday", date: { kind: 'nth-weekday', month: 2, weekday: MONDAY, n: 3 } },
    { name: 'Good Friday', date: { kind: 'easter', offsetDays: -2 } },
    { name: 'Memorial Day', date: { kind: 'nth-weekday', month: 5, weekday: MONDAY, n: -1 } },
    // A federal holiday from 2021; the NYSE first closed for it in 2022.
    { name: 'Juneteenth', date: { kind: 'fixed', month: 6, day: 19 }, fromYear: 2022, observance: 'nearest-weekday' },
    { name: 'Independence Day', date: { kind: 'fixed', month: 7, day: 4 }, observance: 'nearest-weekday' },
    { name: 'Labor Day', date: { kind: 'nth-weekday', month: 9, weekday: MONDAY, n: 1 } },
    { name: 'Thanksgiving Day', date: { kind: 'nth-weekday', month: 11, weekday: THURSDAY, n: 4 } },
    { name: 'Christmas Day', date: { kind: 'fixed', month: 12, day: 25 }, observance: 'nearest-weekday' },
  ],
  closures: [
    { date: '2001-09-11', name: 'September 11 attacks' },
    { date: '2001-09-12', name: 'September 11 attacks' },
    { date: '2001-09-13', name: 'September 11 attacks' },
    { date: '2001-09-14', name: 'September 11 attacks' },
    { date: '2004-06-11', name: 'National day of mourning for President Reagan' },
    { date: '2007-01-02', name: 'National day of mourning for President Ford' },
    { date: '2012-10-29', name: 'Hurricane Sandy' },
    { date: '2012-10-30', name: 'Hurricane Sandy' },
    { date: '2018-12-05', name: 'National day of mourning for President George H. W. Bush' },
    { date: '2025-01-09', name: 'National day of mourning for President Carter' },
  ],
  // Early closes are at 13:00 New York. The day before Independence Day closes early when it is
  // a Monday, Tuesday or Thursday; when it is a Wednesday only from 2013 on — before that the
  // exchange closed early on the Friday after instead (2002). When 3 July is a Friday it is the
  // observed holiday itself, so no rule applies.
  earlyCloses: [
    { name: 'Day before Independence Day', date: { kind: 'fixed', month: 7, day: 3 }, onWeekdays: [MONDAY, TUESDAY, THURSDAY], close: '13:00' },
    { name: 'Day before Independence Day', date: { kind: 'fixed', month: 7, day: 3 }, onWeekdays: [WEDNESDAY], fromYear: 2013, close: '13:00' },
    { name: 'Day after Independence Day', date: { kind: 'fixed', month: 7, day: 5 }, onWeekdays: [FRIDAY], toYear: 2012, close: '13:00' },
    { name: 'Day after Thanksgiving', date: { kind: 'nth-weekday', month: 11, weekday: THURSDAY, n: 4 }, offsetDays: 1, close: '13:00' },
    // When 24 December is a Friday it is the observed Christmas holiday.
    { name: 'Christmas Eve', date: { kind: 'fixed', month: 12, day: 24 }, onWeekdays: MON_TO_THU, close: '13:00' },
  ],
  specialCloses: [{ date: '2003-12-26', name: 'Day after Christmas', close: '13:00' }],
  firstYear: 2000,
  lastYear: 2030,
});
