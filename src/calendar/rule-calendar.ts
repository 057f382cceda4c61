import type { CalendarSpec } from './calendar-spec.js';
import { type DayNumber, dayNumber, formatDate, parseDate, weekdayOf, yearOf } from './civil-date.js';
import { CalendarRangeError } from './errors.js';
import { holidayDates, parseTime, ruleDate } from './rules.js';
import type { ExchangeCalendar, Session } from './session.js';
import { zonedDate, zonedToUtc } from './zoned-time.js';

// Classes rather than object literals: V8 tracks where a literal's objects are made and, seeing
// the sessions and years kept, switched those sites to old-space allocation mid-run, throwing away
// the compiled code of #year and of its callers. Objects made by a constructor carry no such site.
// The fields are Session's, in its order, as JSON writes them.
class YearSessions {
  constructor(
    readonly sessions: readonly Session[],
    readonly byDay: ReadonlyMap<DayNumber, Session>,
    /** Its first and last day: a day between them is of this year, with no date arithmetic. */
    readonly firstDay: DayNumber,
    readonly lastDay: DayNumber,
  ) {}
}

class CalendarSession implements Session {
  constructor(
    readonly date: string,
    readonly open: number,
    readonly close: number,
    readonly earlyClose: boolean,
  ) {}
}

/**
 * An exchange calendar computed from a CalendarSpec. Each year is built once, on first use,
 * and kept: a year is about 250 sessions, so thirty years of answers cost a few milliseconds
 * the first time and a lookup after.
 */
export class RuleCalendar implements ExchangeCalendar {
  readonly mic: string;
  readonly name: string;
  readonly timeZone: string;
  readonly #spec: CalendarSpec;
  readonly #open: number;
  readonly #close: number;
  readonly #holidays = new Map<number, ReadonlyMap<DayNumber, string>>();
  readonly #years = new Map<number, YearSessions>();
  // The year of the last #sessionOn: the next question is nearly always of the same year.
  #lastYear: YearSessions | undefined;

  constructor(spec: CalendarSpec) {
    this.#spec = spec;
    this.mic = spec.mic;
    this.name = spec.name;
    this.timeZone = spec.timeZone;
    this.#open = parseTime(spec.open);
    this.#close = parseTime(spec.close);
    // Check the one-off tables now, so a typo fails at start-up rather than on the day.
    for (const day of [...spec.closures, ...spec.specialCloses]) parseDate(day.date);
    for (const rule of [...spec.earlyCloses, ...spec.specialCloses]) parseTime(rule.close);
  }

  sessions(fromDate: string, toDate: string): Session[] {
    const from = parseDate(fromDate);
    const to = parseDate(toDate);
    const out: Session[] = [];
    for (let year = yearOf(from); year <= yearOf(to); year += 1) {
      for (const s of this.#year(year).sessions) {
        if (s.date >= fromDate && s.date <= toDate) out.push(s);
      }
    }
    return out;
  }

  session(date: string): Session | undefined {
    return this.#sessionOn(parseDate(date));
  }

  isOpen(t: number): boolean {
    return this.sessionAt(t) !== undefined;
  }

  sessionAt(t: number): Session | undefined {
    const local = this.#localDate(t);
    // The session holding t is dated on t's local date, or the next one when sessions open the
    // evening before (FX); the day before is checked too in case a session ever runs past midnight.
    for (let d = local - 1; d <= local + 1 - this.#spec.openDayOffset; d += 1) {
      const s = this.#sessionOnIfInRange(d);
      if (s && s.open <= t && t < s.close) return s;
    }
    return undefined;
  }

  nextOpen(t: number): number {
    return this.#firstSessionFrom(this.#localDate(t) - 1, (s) => s.open > t).open;
  }

  nextClose(t: number): number {
    return this.#firstSessionFrom(this.#localDate(t) - 1, (s) => s.close > t).close;
  }

  previousSession(date: string): Session {
    for (let d = parseDate(date) - 1; ; d -= 1) {
      const s = this.#sessionOn(d);
      if (s) return s;
    }
  }

  nextSession(date: string): Session {
    return this.#firstSessionFrom(parseDate(date) + 1, () => true);
  }

  #firstSessionFrom(start: DayNumber, accept: (s: Session) => boolean): Session {
    // The loop ends: a calendar with no session for a whole year would be a broken spec, and
    // #sessionOn throws once the search leaves the checked years.
    for (let d = start; ; d += 1) {
      const s = d === start ? this.#sessionOnIfInRange(d) : this.#sessionOn(d);
      if (s && accept(s)) return s;
    }
  }

  #localDate(t: number): DayNumber {
    if (!Number.isFinite(t)) throw new RangeError(`${this.mic}: not a time: ${t}`);
    const local = zonedDate(t, this.timeZone);
    // A day of the year last asked about is of a checked year: built years passed the check.
    const last = this.#lastYear;
    if (!(last && local >= last.firstDay && local <= last.lastDay)) this.#checkYear(yearOf(local), new Date(t).toISOString());
    return local;
  }

  #sessionOn(d: DayNumber): Session | undefined {
    // Questions come day after day, mostly within one year (a backtest asks at every bar): the
    // last year's range answers which year without working it out from the day number.
    const last = this.#lastYear;
    if (last && d >= last.firstDay && d <= last.lastDay) return last.byDay.get(d);
    const year = this.#year(yearOf(d));
    this.#lastYear = year;
    return year.byDay.get(d);
  }

  /** Like #sessionOn, but a day just outside the checked years simply has no session. */
  #sessionOnIfInRange(d: DayNumber): Session | undefined {
    const year = yearOf(d);
    if (year < this.#spec.firstYear || year > this.#spec.lastYear) return undefined;
    return this.#sessionOn(d);
  }

  #checkYear(year: number, what: string): void {
    const { firstYear, lastYear } = this.#spec;
    if (year < firstYear || year > lastYear) throw new CalendarRangeError(this.mic, what, firstYear, lastYear);
  }

  /** Holidays and one-off closures observed in a year, whichever year's rule produced them. */
  #holidaysIn(year: number): ReadonlyMap<DayNumber, string> {
    let days = this.#holidays.get(year);
    if (!days) {
      const found = new Map<DayNumber, string>();
      for (let y = year - 1; y <= year + 1; y += 1) {
        for (const [d, name] of holidayDates(this.#spec.holidays, y)) if (yearOf(d) === year) found.set(d, name);
      }
      for (const c of this.#spec.closures) {
        const d = parseDate(c.date);
        if (yearOf(d) === year) found.set(d, c.name);
      }
      days = found;
      this.#holidays.set(year, days);
    }
    return days;
  }

  #earlyClosesIn(year: number): Map<DayNumber, number> {
    const isHoliday = (d: DayNumber): boolean => this.#holidaysIn(yearOf(d)).has(d);
    const closes = new Map<DayNumber, number>();
    for (let y = year - 1; y <= year + 1; y += 1) {
      for (const rule of this.#spec.earlyCloses) {
        const d = ruleDate(rule, y, isHoliday);
        if (d !== undefined && yearOf(d) === year) closes.set(d, parseTime(rule.close));
      }
    }
    for (const c of this.#spec.specialCloses) {
      const d = parseDate(c.date);
      if (yearOf(d) === year) closes.set(d, parseTime(c.close));
    }
    return closes;
  }

  #year(year: number): YearSessions {
    let built = this.#years.get(year);
    if (built) return built;
    this.#checkYear(year, String(year));
    const { tradingWeekdays, openDayOffset } = this.#spec;
    const holidays = this.#holidaysIn(year);
    const earlyCloses = this.#earlyClosesIn(year);
    const sessions: Session[] = [];
    const byDay = new Map<DayNumber, Session>();
    const firstDay = dayNumber(year, 1, 1);
    const nextYear = dayNumber(year + 1, 1, 1);
    for (let d = firstDay; d < nextYear; d += 1) {
      if (!tradingWeekdays.includes(weekdayOf(d)) || holidays.has(d)) continue;
      const close = earlyCloses.get(d) ?? this.#close;
      const session: Session = Object.freeze(
        new CalendarSession(formatDate(d), zonedToUtc(d + openDayOffset, this.#open, this.timeZone), zonedToUtc(d, close, this.timeZone), close < this.#close),
      );
      sessions.push(session);
      byDay.set(d, session);
    }
    built = new YearSessions(sessions, byDay, firstDay, nextYear - 1);
    this.#years.set(year, built);
    return built;
  }
}
