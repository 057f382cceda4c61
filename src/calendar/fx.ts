import type { CalendarSpec } from './calendar-spec.js';
import { MON_TO_FRI } from './rules.js';

/**
 * The interbank currency market, 24 hours a day five days a week. By the market's convention
 * a trading day ends at 17:00 New York, so the session dated Monday runs from Sunday 17:00 to
 * Monday 17:00 and the week ends Friday 17:00. The market is shut for the sessions of
 * 25 December and 1 January (it closes at 17:00 the evening before and reopens at 17:00 that
 * day); thin holiday liquidity elsewhere is the broker's concern, not a closure.
 */
export const FX = Object.freeze<CalendarSpec>({
  mic: 'FX',
  name: 'Foreign exchange (24/5)',
  timeZone: 'America/New_York',
  open: '17:00',
  close: '17:00',
  openDayOffset: -1,
  tradingWeekdays: MON_TO_FRI,
  holidays: [
    { name: "New Year's Day", date: { kind: 'fixed', month: 1, day: 1 } },
    { name: 'Christmas Day', date: { kind: 'fixed', month: 12, day: 25 } },
  ],
  closures: [],
  earlyCloses: [],
  specialCloses: [],
  firstYear: 2000,
  lastYear: 2030,
});
