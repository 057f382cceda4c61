import type { BarSeries } from './bar-series.js';

/**
 * Where each UTC date begins in a column of bar starts, found once and stepped forward over the
 * bars asked about. The series of one folder usually share their column of starts
 * (session-bars.ts): they share this too, so that five hundred series divide each start once,
 * not once each.
 */
class DateStarts {
  readonly #times: Float64Array;
  /** starts[d]: the first bar of date d, for the dates begun among the scanned bars. */
  readonly starts: Int32Array;
  /** Bars 0 … scanned − 1 have their dates. */
  scanned = 0;
  /** Dates begun among the scanned bars. */
  count = 0;
  /** The UTC day number (time / one day, floored) of the newest scanned bar. */
  #day = Number.NaN;

  constructor(times: Float64Array) {
    this.#times = times;
    // As long as the column, which has no more dates than bars: a scan never grows it.
    this.starts = new Int32Array(times.length);
  }

  scan(until: number): void {
    const times = this.#times;
    const starts = this.starts;
    let count = this.count;
    let day = this.#day;
    for (let i = this.scanned; i < until; i++) {
      // The same day number as a walk over the bars computes (DAY_MS), so that both agree on every
      // time; a literal, as a module binding is loaded and checked at every use in a loop.
      const current = Math.floor(times[i]! / 86_400_000);
      if (current === day) continue;
      starts[count] = i;
      count++;
      day = current;
    }
    this.scanned = until;
    this.count = count;
    this.#day = day;
  }
}

const startsByTimes = new WeakMap<Float64Array, DateStarts>();

const NO_RETURNS = new Float64Array(0);

/**
 * The UTC dates of a series' bars, stepped forward over the bars asked about: where each date
 * begins, and the returns of the last completed dates asked for (each date's last close over the
 * last close of the date before, minus 1). The history checks and the strategy ask for the last
 * few dozen dates of every series at every run; walking them back bar by bar, a division per
 * bar, was most of what those runs cost. Closes after the newest bar asked about are never read.
 */
export class SeriesDates {
  readonly #dates: DateStarts;
  readonly #closes: Float64Array;
  /** starts[d]: the first bar of date d, for the dates begun among the bars asked about. */
  readonly starts: Int32Array;
  /**
   * returns[d − returnsFrom]: the return of date d, for the dates returnsFrom … returned − 1
   * (see returnsOf). A window of the dates last asked for, not a column as long as the series:
   * a column per series was ten megabytes for five hundred series, nearly all of it never read
   * again once the lookback had passed it.
   */
  returns = NO_RETURNS;
  #returnsFrom = 1;
  #returned = 1;
  /** The date of the bar asked about last: the next question is usually the same or the next. */
  #date = 0;

  constructor(series: BarSeries) {
    const times = series.columns.time;
    let dates = startsByTimes.get(times);
    if (!dates) startsByTimes.set(times, (dates = new DateStarts(times)));
    this.#dates = dates;
    this.#closes = series.columns.close;
    this.starts = dates.starts;
  }

  /**
   * The bars from `cleanFrom` up to `cleanBelow` were found clean of split jumps by a scan with
   * `cleanMinMove` and `cleanTolerance` (data/checks/split-jumps.ts): kept here, with the dates,
   * so that the checks of a series find all they remember about it with one look-up.
   */
  cleanMinMove = Number.NaN;
  cleanTolerance = Number.NaN;
  cleanFrom = 0;
  cleanBelow = 0;

  /** The series' dates, kept with the series. */
  static of(series: BarSeries): SeriesDates {
    return series.dates;
  }

  /** The date (0 for the first bar's) of bar `index`, which must be a bar of the series. */
  dateOf(index: number): number {
    const dates = this.#dates;
    if (index >= dates.scanned) dates.scan(index + 1);
    const starts = this.starts;
    const count = dates.count;
    let date = this.#date;
    if (starts[date]! > index) date = this.#search(index, 0, date);
    else if (date + 1 < count && starts[date + 1]! <= index) {
      // Every date has at least one bar, so the date of bar `index` is at most this many dates
      // on: with one bar a date (daily data, a run every few days) that bound is the answer,
      // found without a search.
      const bound = Math.min(count - 1, date + (index - starts[date]!));
      date = starts[bound]! <= index ? bound : this.#search(index, date + 1, bound);
    }
    this.#date = date;
    return date;
  }

  /**
   * Where the returns of dates `first` … `below` − 1 begin in `returns` (read it after this
   * call, which may replace it), 1 ≤ first ≤ below ≤ the date of the bar asked about last (dateOf):
   * every date before that one has ended by that bar, so its return is known. Each return is
   * divided out once while the dates asked for move forward (as a strategy's lookback does from
   * run to run); dates asked for again after the window moved past them are divided out again,
   * to the same value.
   */
  returnsOf(first: number, below: number): number {
    if (first < this.#returnsFrom || first > this.#returned) {
      this.#returnsFrom = first;
      this.#returned = first;
    }
    if (below - this.#returnsFrom > this.returns.length) {
      const kept = this.#returned - first;
      const from = first - this.#returnsFrom;
      if (below - first > this.returns.length) {
        // Room for twice the dates asked for: the window then moves that many dates between copies.
        const grown = new Float64Array(Math.max(2 * (below - first), 16));
        grown.set(this.returns.subarray(from, from + kept));
        this.returns = grown;
      } else {
        this.returns.copyWithin(0, from, from + kept);
      }
      this.#returnsFrom = first;
    }
    if (below > this.#returned) this.#fillReturns(below);
    return first - this.#returnsFrom;
  }

  /** The latest date whose first bar is at or before `index`, among dates `low` (whose first bar is) … `high` − 1. */
  #search(index: number, low: number, high: number): number {
    const starts = this.starts;
    while (high - low > 1) {
      const middle = (low + high) >>> 1;
      if (starts[middle]! <= index) low = middle;
      else high = middle;
    }
    return low;
  }

  /** The returns of dates `returned` … `below` − 1, each the last close of its date over the one of the date before. */
  #fillReturns(below: number): void {
    const starts = this.starts;
    const closes = this.#closes;
    const returns = this.returns;
    const from = this.#returnsFrom;
    for (let d = this.#returned; d < below; d++) returns[d - from] = closes[starts[d + 1]! - 1]! / closes[starts[d]! - 1]! - 1;
    this.#returned = below;
  }
}
