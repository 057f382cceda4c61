import type { Bar } from '../domain/bar.js';
import { columnsFromBars, type ColumnarBars } from './columnar/columnar-bars.js';
import { SeriesDates } from './series-dates.js';

export const DAY_MS = 86_400_000;

// Columns of starts already found increasing. The files of a folder usually share their dates,
// and their series then share one column of session starts (session-bars.ts): checked once, not
// once per symbol, which was a loop over every bar of every symbol before a backtest began.
const increasingTimes = new WeakSet<Float64Array>();

function checkIncreasing(times: Float64Array): void {
  if (increasingTimes.has(times)) return;
  for (let i = 1; i < times.length; i++) {
    if (!(times[i]! > times[i - 1]!)) throw new RangeError(`bar ${i} starts at ${times[i]}, not after the previous bar (${times[i - 1]}); sort the bars and remove duplicates`);
  }
  increasingTimes.add(times);
}

/**
 * One symbol's loaded bars, oldest first, with the facts about the series computed once at
 * load: when each bar ends. Readers see it through windows (the first n bars), so asking for
 * the bars known at a time costs a binary search, never a copy: a backtest that asks at every
 * bar stays linear in history.
 */
export class BarSeries {
  readonly columns: ColumnarBars;
  /** When each bar ends: its high, low and close are known from then on. */
  readonly ends: Float64Array;
  #lastWindow: BarWindow | undefined;
  // The series' own readers (windows, known prices) share one place in it.
  readonly #cursor: BarCursor;
  /**
   * The series' dates (SeriesDates.of): held here, so that the checks and the strategy, which ask
   * for every series at every run, find them without a look-up. Made with the series, not at the
   * first question: made there, the object was allocated inside the checks' optimised code, whose
   * allocation was then moved to the old generation (the object lives as long as the series) by
   * throwing that code away and compiling it again.
   */
  readonly dates: SeriesDates;

  /** `ends` default to one typical interval after each start, or the next start if sooner. */
  constructor(columns: ColumnarBars, ends: Float64Array = endsByInterval(columns.time)) {
    const times = columns.time;
    checkIncreasing(times);
    if (ends.length !== times.length) throw new RangeError(`${ends.length} bar ends for ${times.length} bars`);
    this.columns = columns;
    this.ends = ends;
    this.#cursor = new BarCursor(this);
    this.dates = new SeriesDates(this);
  }

  static fromBars(bars: readonly Bar[]): BarSeries {
    return new BarSeries(columnsFromBars(bars));
  }

  get length(): number {
    return this.columns.time.length;
  }

  /** The first `count` bars. The last window is kept, so a clock that asks many times between two bars gets one object. */
  window(count: number): BarWindow {
    const length = Math.max(0, Math.min(count, this.length));
    const last = this.#lastWindow;
    if (last?.length === length) return last;
    const made = new BarWindow(this, length);
    this.#lastWindow = made;
    return made;
  }

  /** The bars that started at or before `time`. */
  windowUntil(time: number): BarWindow {
    return this.window(this.countUntil(time));
  }

  /** How many bars started at or before `time`: the same answer as a binary search over the starts. */
  countUntil(time: number): number {
    return this.#cursor.countUntil(time);
  }

  /**
   * lastKnownPriceValue of the whole series at `time`, without a window: the paper broker
   * values every position at every mark of a backtest, and a window per position per bar was
   * most of what that cost.
   */
  knownPriceValueAt(time: number): number | undefined {
    return this.#cursor.knownPriceValueAt(time);
  }

  /**
   * When the price knownPriceValueAt(time) answers became known (lastKnownPrice's `time`), or
   * undefined as it is: with it, a quote needs no KnownPrice object per symbol and question.
   */
  knownPriceTimeAt(time: number): number | undefined {
    return this.#cursor.knownPriceTimeAt(time);
  }

  /** lastKnownPrice of the whole series at `time`, without a window. */
  knownPriceAt(time: number): KnownPrice | undefined {
    const index = this.countUntil(time) - 1;
    if (index < 0) return undefined;
    const end = this.ends[index]!;
    return end <= time ? { price: this.columns.close[index]!, time: end, barIndex: index } : { price: this.columns.open[index]!, time: this.columns.time[index]!, barIndex: index };
  }

  /** lastCompletedBar of the whole series at `time`, without a window: -1 when no bar has ended. */
  lastCompletedAt(time: number): number {
    const index = this.countUntil(time) - 1;
    if (index < 0) return -1;
    return this.ends[index]! <= time ? index : index - 1;
  }
}

/**
 * One reader's own place in a series: what `countUntil` answers, kept per reader, so that a
 * reader whose time moves by a few bars (a backtest's marks, position by position) pays a few
 * probes and never disturbs, nor is disturbed by, the other readers of the series.
 */
export class BarCursor {
  readonly series: BarSeries;
  // The columns themselves, not the series: the fewer objects a read goes through, the fewer
  // cache lines a valuation of hundreds of positions touches at every bar.
  readonly #times: Float64Array;
  readonly #ends: Float64Array;
  readonly #opens: Float64Array;
  readonly #closes: Float64Array;
  #count = 0;

  constructor(series: BarSeries) {
    this.series = series;
    this.#times = series.columns.time;
    this.#ends = series.ends;
    this.#opens = series.columns.open;
    this.#closes = series.columns.close;
  }

  /** How many bars started at or before `time`: the same answer as a binary search over the starts, searched from the last answer. */
  countUntil(time: number): number {
    const count = countFrom(this.#times, this.#count, time);
    this.#count = count;
    return count;
  }

  /** lastKnownPriceValue of the whole series at `time`. */
  knownPriceValueAt(time: number): number | undefined {
    const index = this.countUntil(time) - 1;
    if (index < 0) return undefined;
    return this.#ends[index]! <= time ? this.#closes[index]! : this.#opens[index]!;
  }

  /** When that price became known: the bar's end once it has ended, else its start. */
  knownPriceTimeAt(time: number): number | undefined {
    const index = this.countUntil(time) - 1;
    if (index < 0) return undefined;
    const end = this.#ends[index]!;
    return end <= time ? end : this.#times[index]!;
  }
}

const NO_BARS = new Float64Array(0);

/**
 * The places of many readers, one per slot, each as a BarCursor keeps it, held in arrays: a
 * backtest values every position of the account at every bar, and a cursor object per position
 * cost a call per position and bar, and an object for each price it returned. Here one loop
 * answers every slot, with nothing made per slot or per question.
 */
export class BarCursors {
  #series: (BarSeries | undefined)[] = [];
  #times: Float64Array[] = [];
  #ends: Float64Array[] = [];
  #opens: Float64Array[] = [];
  #closes: Float64Array[] = [];
  // Each slot's last answer, where its next search starts, whichever way time has moved since.
  #counts = new Int32Array(16);

  /** The series slot `slot` reads, if any. */
  seriesAt(slot: number): BarSeries | undefined {
    return this.#series[slot];
  }

  /** Points `slot` at `series` (none: the slot reads no bars). A slot already on that series keeps its place. */
  set(slot: number, series: BarSeries | undefined): void {
    if (slot < this.#series.length && this.#series[slot] === series) return;
    if (slot >= this.#counts.length) {
      const counts = new Int32Array(Math.max(slot + 1, 2 * this.#counts.length));
      counts.set(this.#counts);
      this.#counts = counts;
    }
    for (let i = this.#series.length; i < slot; i++) this.#point(i, undefined);
    this.#point(slot, series);
  }

  /**
   * The known price value (lastKnownPriceValue) at `time` of the series of slots 0 … count − 1,
   * written to `out`: NaN for a slot without a series or without a bar started by `time`.
   */
  knownPriceValuesAt(time: number, count: number, out: Float64Array): void {
    const counts = this.#counts;
    // The series of one folder usually share their columns of starts and ends (session-bars.ts):
    // a slot on the columns of the slot before it has the same count at `time` (a count does
    // not depend on where its search began) and finds the same bar ended or not, so it reads
    // neither column.
    let lastTimes: Float64Array | undefined;
    let lastKnown = 0;
    let lastEnds: Float64Array = NO_BARS;
    let lastIndex = -1;
    let lastEnded = false;
    for (let slot = 0; slot < count; slot++) {
      const times = this.#times[slot]!;
      let known: number;
      if (times === lastTimes) {
        known = lastKnown;
      } else {
        lastTimes = times;
        known = counts[slot]!;
        if (known < times.length && times[known]! <= time) {
          // The usual question, one bar on from the last, is answered here without a call.
          known = known + 1 < times.length && times[known + 1]! <= time ? countFrom(times, known + 1, time) : known + 1;
        } else if (known > 0 && times[known - 1]! > time) known = countFrom(times, known, time);
        lastKnown = known;
      }
      counts[slot] = known;
      const index = known - 1;
      if (index < 0) {
        out[slot] = Number.NaN;
        continue;
      }
      const ends = this.#ends[slot]!;
      if (ends !== lastEnds || index !== lastIndex) {
        lastEnds = ends;
        lastIndex = index;
        lastEnded = ends[index]! <= time;
      }
      out[slot] = lastEnded ? this.#closes[slot]![index]! : this.#opens[slot]![index]!;
    }
  }

  #point(slot: number, series: BarSeries | undefined): void {
    this.#series[slot] = series;
    this.#times[slot] = series ? series.columns.time : NO_BARS;
    this.#ends[slot] = series ? series.ends : NO_BARS;
    this.#opens[slot] = series ? series.columns.open : NO_BARS;
    this.#closes[slot] = series ? series.columns.close : NO_BARS;
    this.#counts[slot] = 0;
  }
}

/**
 * Bars 0 … length − 1 of a series, read in place. The accessors do not check `i` against
 * `length` (they sit on every hot path): callers index through lastBarAtOrBefore and friends,
 * which never look past the window, or through bar(), which checks.
 */
export class BarWindow {
  readonly series: BarSeries;
  readonly length: number;

  constructor(series: BarSeries, length: number) {
    this.series = series;
    this.length = length;
  }

  time(i: number): number {
    return this.series.columns.time[i]!;
  }

  open(i: number): number {
    return this.series.columns.open[i]!;
  }

  high(i: number): number {
    return this.series.columns.high[i]!;
  }

  low(i: number): number {
    return this.series.columns.low[i]!;
  }

  close(i: number): number {
    return this.series.columns.close[i]!;
  }

  volume(i: number): number {
    return this.series.columns.volume[i]!;
  }

  end(i: number): number {
    return this.series.ends[i]!;
  }

  /** Bar `i` as an object, for code that prints or compares bars. */
  bar(i: number): Bar {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`no bar at index ${i} of a window of ${this.length}`);
    const c = this.series.columns;
    return { time: c.time[i]!, open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]!, volume: c.volume[i]! };
  }

  /** Every bar of the window as objects: for tests and small series, never on a hot path. */
  toArray(): Bar[] {
    return Array.from({ length: this.length }, (_, i) => this.bar(i));
  }
}

/** A window over all of `bars`: for tests and callers that hold a small array. */
export function windowOf(bars: readonly Bar[]): BarWindow {
  const series = BarSeries.fromBars(bars);
  return series.window(series.length);
}

/**
 * How many of `times` are at or before `time`, for a reader that counted `count` of them at
 * another time. Between two questions a clock moves a bar (marks) or a few dozen (decisions),
 * now and then far or back: steps that double away from the last answer bracket the new one,
 * which a binary search finds inside the bracket. A near answer costs a probe or two, a far one
 * twice the logarithm of its distance, never a search of the whole series.
 */
function countFrom(times: Float64Array, count: number, time: number): number {
  const length = times.length;
  if (count < length && times[count]! <= time) {
    // Forward: every time before `low` is at or before `time`; `high` is after it, or the end.
    let low = count + 1;
    let high = low;
    let step = 1;
    while (high < length && times[high]! <= time) {
      low = high + 1;
      step += step;
      high = low + step - 1;
    }
    return countAtOrBefore(times, low, Math.min(high, length), time);
  }
  if (count > 0 && times[count - 1]! > time) {
    // Backward: every time from `high` on is after `time`; `low` is at or before it, or -1.
    let high = count - 1;
    let low = high - 1;
    let step = 1;
    while (low >= 0 && times[low]! > time) {
      high = low;
      step += step;
      low = high - step;
    }
    return countAtOrBefore(times, Math.max(low + 1, 0), high, time);
  }
  return count;
}

/**
 * Number of `times` at or before `time`, known to be between `low` and `high`: every time
 * before `low` is at or before it, every time from `high` on after it (binary search).
 */
function countAtOrBefore(times: Float64Array, low: number, high: number, time: number): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle]! <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the last bar of the window that started at or before `time`, or -1 when none has. */
export function lastBarAtOrBefore(bars: BarWindow, time: number): number {
  const times = bars.series.columns.time;
  // Windows are cut at the time they are read at: most questions are about their last bar.
  const last = bars.length - 1;
  if (last >= 0 && times[last]! <= time) return last;
  return countAtOrBefore(times, 0, bars.length, time) - 1;
}

/**
 * The series' usual bar length: the median spacing between bar starts. The median ignores
 * nights, weekends and holidays, which only ever lengthen a gap. One day for fewer than two bars.
 */
export function typicalInterval(times: Float64Array): number {
  if (times.length < 2) return DAY_MS;
  const spacings = new Float64Array(times.length - 1);
  for (let i = 1; i < times.length; i++) spacings[i - 1] = times[i]! - times[i - 1]!;
  spacings.sort();
  const middle = spacings.length >>> 1;
  return spacings.length % 2 === 1 ? spacings[middle]! : (spacings[middle - 1]! + spacings[middle]!) / 2;
}

/**
 * Bar ends when nothing better is known: one typical interval after the start, or earlier if
 * the next bar starts sooner. Taking the next start from the whole series tells nothing about
 * prices to come: while the next bar has not started, its start is later than now, so "ended
 * by now" has the same answer either way. The typical interval is the whole file's, a fact
 * about the data's frequency rather than about any price.
 */
export function endsByInterval(times: Float64Array): Float64Array {
  const interval = typicalInterval(times);
  const ends = new Float64Array(times.length);
  for (let i = 0; i < times.length; i++) {
    const end = times[i]! + interval;
    const next = times[i + 1];
    ends[i] = next !== undefined && next < end ? next : end;
  }
  return ends;
}

/** When bar `index` ends; its high, low and close are known only from then on. */
export function barEnd(bars: BarWindow, index: number): number {
  if (!(index >= 0 && index < bars.length)) throw new RangeError(`no bar at index ${index} of a series of ${bars.length}`);
  return bars.end(index);
}

/** Index of the last bar that had ended by `time`, or -1 when none has. */
export function lastCompletedBar(bars: BarWindow, time: number): number {
  const index = lastBarAtOrBefore(bars, time);
  if (index < 0) return -1;
  return bars.end(index) <= time ? index : index - 1;
}

export interface KnownPrice {
  readonly price: number;
  /** When the price became known, epoch ms UTC. */
  readonly time: number;
  readonly barIndex: number;
}

/**
 * The latest price knowable at `time`: the close of the last bar if it has ended, else the
 * open of the bar in progress. Reading a bar's close before its end would look ahead.
 */
export function lastKnownPrice(bars: BarWindow, time: number): KnownPrice | undefined {
  const index = lastBarAtOrBefore(bars, time);
  if (index < 0) return undefined;
  const end = bars.end(index);
  return end <= time ? { price: bars.close(index), time: end, barIndex: index } : { price: bars.open(index), time: bars.time(index), barIndex: index };
}

/** lastKnownPrice's price alone, without an object: valuing an account asks it for every position. */
export function lastKnownPriceValue(bars: BarWindow, time: number): number | undefined {
  const index = lastBarAtOrBefore(bars, time);
  if (index < 0) return undefined;
  return bars.end(index) <= time ? bars.close(index) : bars.open(index);
}
