import { MONDAY } from './civil-date.js';
import type { CalendarSpec } from './calendar-spec.js';
import { MON_TO_FRI } from './rules.js';

/**
 * London Stock Exchange.
 *
 * Sources: the England and Wales bank holidays (Banking and Financial Dealings Act 1971 and
 * the royal proclamations that moved or added days, listed at gov.uk/bank-holidays) and the
 * LSE's published trading calendars for the 12:30 closes; checked against every session of
 * 2000–2023 in the exchange_calendars project's XLON table (test/fixtures/calendar).
 * No maintained npm package gives LSE sessions; uk-bank-holidays reads the live gov.uk feed,
 * which has neither the past nor the early closes.
 */
export const XLON = Object.freeze<CalendarSpec>({
  mic: 'XLON',
  name: 'London Stock Exchange',
  timeZone: 'Europe/London',
  open: '08:00',
  close: '16:30',
  openDayOffset: 0,
  tradingWeekdays: MON_TO_FRI,
  // Order matters: a substitute day rolls past holidays listed before it, so Christmas comes
  // before Boxing Day (Christmas on Saturday closes Monday 27 and Tuesday 28 December).
  holidays: [
    { name: "New Year's Day", date: { kind: 'fixed', month: 1, day: 1 }, observance: 'next-free-weekday' },
    { name: 'Good Friday', date: { kind: 'easter', offsetDays: -2 } },
    { name: 'Easter Monday', date: { kind: 'easter', offsetDays: 1 } },
    {
      name: 'Early May bank holiday',
      date: { kind: 'nth-weekday', month: 5, weekday: MONDAY, n: 1 },
      // Moved to Friday for the 50th and 75th anniversaries of VE Day.
      movedIn: { 1995: '1995-05-08', 2020: '2020-05-08' },
    },
    {
      name: 'Spring bank holiday',
      date: { kind: 'nth-weekday', month: 5, weekday: MONDAY, n: -1 },
      // Moved next to the Golden, Diamond and Platinum Jubilee holidays.
      movedIn: { 2002: '2002-06-04', 2012: '2012-06-04', 2022: '2022-06-02' },
    },
    { name: 'Summer bank holiday', date: { kind: 'nth-weekday', month: 8, weekday: MONDAY, n: -1 } },
    { name: 'Christmas Day', date: { kind: 'fixed', month: 12, day: 25 }, observance: 'next-free-weekday' },
    { name: 'Boxing Day', date: { kind: 'fixed', month: 12, day: 26 }, observance: 'next-free-weekday' },
  ],
  closures: [
    { date: '1999-12-31', name: 'Millennium celebrations' },
    { date: '2002-06-03', name: 'Golden Jubilee' },
    { date: '2011-04-29', name: 'Wedding of Prince William and Catherine Middleton' },
    { date: '2012-06-05', name: 'Diamond Jubilee' },
    { date: '2022-06-03', name: 'Platinum Jubilee' },
    { date: '2022-09-19', name: 'State funeral of Queen Elizabeth II' },
    { date: '2023-05-08', name: 'Coronation of King Charles III' },
  ],
  // The last business days before Christmas and before New Year close at 12:30: 24 and
  // 31 December, or the Friday before when those fall on a weekend.
  earlyCloses: [
    { name: 'Christmas Eve', date: { kind: 'fixed', month: 12, day: 24 }, observance: 'previous-business-day', close: '12:30' },
    { name: "New Year's Eve", date: { kind: 'fixed', month: 12, day: 31 }, observance: 'previous-business-day', close: '12:30' },
  ],
  specialCloses: [],
  firstYear: 2000,
  lastYear: 2030,
});
