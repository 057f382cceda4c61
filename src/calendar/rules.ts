import {
  type DayNumber,
  type Weekday,
  FRIDAY,
  MONDAY,
  SATURDAY,
  SUNDAY,
  THURSDAY,
  TUESDAY,
  WEDNESDAY,
  dayNumber,
  easterSunday,
  isWeekend,
  nthWeekdayOfMonth,
  parseDate,
  weekdayOf,
  weekdayOnOrBefore,
} from './civil-date.js';

/**
 * Holiday and early-close rules as plain data, so that an exchange's calendar reads like the
 * exchange's own published list and the engine that applies them stays generic.
 */

/** Where a rule's date falls in a year, before any weekend observance. */
export type DateRule =
  | { readonly kind: 'fixed'; readonly month: number; readonly day: number }
  /** n = 1 is the first such weekday of the month, n = -1 the last. */
  | { readonly kind: 'nth-weekday'; readonly month: number; readonly weekday: Weekday; readonly n: number }
  | { readonly kind: 'weekday-on-or-before'; readonly month: number; readonly day: number; readonly weekday: Weekday }
  /** Days from Western Easter Sunday: Good Friday is -2, Easter Monday +1. */
  | { readonly kind: 'easter'; readonly offsetDays: number };

/**
 * What happens when the date falls on a weekend (or, for the rolling kinds, on a day already
 * taken by another holiday):
 * - `none`: nothing; a weekend date simply passes.
 * - `nearest-weekday`: Saturday to the Friday before, Sunday to the Monday after (US rule).
 * - `sunday-to-monday`: Sunday to Monday, Saturday passes (NYSE's New Year's Day).
 * - `next-free-weekday`: forward to the next weekday that is not already a holiday (UK and
 *   Canadian substitute days: Christmas on Saturday moves to Monday, Boxing Day to Tuesday).
 * - `previous-business-day`: back to the last weekday that is not a holiday (LSE's early
 *   close on the last business day before Christmas and before New Year).
 */
export type Observance = 'none' | 'nearest-weekday' | 'sunday-to-monday' | 'next-free-weekday' | 'previous-business-day';

export interface HolidayRule {
  readonly name: string;
  readonly date: DateRule;
  /** Added after the date rule, e.g. +1 for the day after Thanksgiving. */
  readonly offsetDays?: number;
  readonly fromYear?: number;
  readonly toYear?: number;
  /** The rule applies only when its date (before observance) falls on one of these weekdays. */
  readonly onWeekdays?: readonly Weekday[];
  readonly observance?: Observance;
  /** Years in which the day was moved by decree, with the date it was held instead. */
  readonly movedIn?: Readonly<Record<number, string>>;
}

export interface EarlyCloseRule extends HolidayRule {
  /** Local close time, HH:MM. */
  readonly close: string;
}

/** A closure or early close that happened once (a national day of mourning, a storm). */
export interface OneOffDay {
  readonly date: string;
  readonly name: string;
}

export interface OneOffEarlyClose extends OneOffDay {
  readonly close: string;
}

function resolveDateRule(rule: DateRule, year: number): DayNumber {
  switch (rule.kind) {
    case 'fixed':
      return dayNumber(year, rule.month, rule.day);
    case 'nth-weekday':
      return nthWeekdayOfMonth(year, rule.month, rule.weekday, rule.n);
    case 'weekday-on-or-before':
      return weekdayOnOrBefore(dayNumber(year, rule.month, rule.day), rule.weekday);
    case 'easter':
      return easterSunday(year) + rule.offsetDays;
  }
}

function observe(date: DayNumber, observance: Observance, blocked: (d: DayNumber) => boolean): DayNumber | undefined {
  const weekday = weekdayOf(date);
  switch (observance) {
    case 'none':
      return date;
    case 'nearest-weekday':
      return weekday === SATURDAY ? date - 1 : weekday === SUNDAY ? date + 1 : date;
    case 'sunday-to-monday':
      return weekday === SATURDAY ? undefined : weekday === SUNDAY ? date + 1 : date;
    case 'next-free-weekday': {
      let d = date;
      while (isWeekend(d) || blocked(d)) d += 1;
      return d;
    }
    case 'previous-business-day': {
      let d = date;
      while (isWeekend(d) || blocked(d)) d -= 1;
      return d;
    }
  }
}

/**
 * The observed date of a rule in one year, or undefined when the rule does not apply that year.
 * `blocked` tells which days are already holidays, for the rolling observances.
 */
export function ruleDate(rule: HolidayRule, year: number, blocked: (d: DayNumber) => boolean): DayNumber | undefined {
  if (rule.fromYear !== undefined && year < rule.fromYear) return undefined;
  if (rule.toYear !== undefined && year > rule.toYear) return undefined;
  const moved = rule.movedIn?.[year];
  if (moved !== undefined) return parseDate(moved);
  const raw = resolveDateRule(rule.date, year) + (rule.offsetDays ?? 0);
  if (rule.onWeekdays && !rule.onWeekdays.includes(weekdayOf(raw))) return undefined;
  return observe(raw, rule.observance ?? 'none', blocked);
}

/**
 * The observed holidays that the rules give for one year, in rule order so that a rolling
 * observance sees the holidays listed before it. Dates may spill into a neighbouring year
 * (a Saturday 1 January observed on 31 December); the caller files them by their own year.
 */
export function holidayDates(rules: readonly HolidayRule[], year: number): Map<DayNumber, string> {
  const taken = new Map<DayNumber, string>();
  for (const rule of rules) {
    const d = ruleDate(rule, year, (x) => taken.has(x));
    if (d !== undefined && !isWeekend(d)) taken.set(d, rule.name);
  }
  return taken;
}

export const MON_TO_THU: readonly Weekday[] = [MONDAY, TUESDAY, WEDNESDAY, THURSDAY];
export const MON_TO_FRI: readonly Weekday[] = [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY];

/** Minutes after midnight of an HH:MM time. */
export function parseTime(text: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 23 || minutes > 59) throw new RangeError(`invalid time "${text}": expected HH:MM`);
  return hours * 60 + minutes;
}
