import type { BarWindow } from '../bar-series.js';
import { SeriesDates } from '../series-dates.js';

/** A jump between two bars that a stock split would explain. */
export interface SplitSuspect {
  /** Start of the bar after the jump, epoch ms UTC. */
  readonly time: number;
  /** The split that would explain it, new shares to old: "2:1" halves the price, "1:10" multiplies it by ten. */
  readonly ratio: string;
  /** The price after over the price before (close to open, or close to close). */
  readonly priceRatio: number;
}

export interface SplitJumpOptions {
  /** A smaller move, up or down, is never taken for a split (fraction, e.g. 0.25). */
  readonly minMove: number;
  /** How far the price ratio may be from a split's exact ratio (fraction, e.g. 0.05). */
  readonly tolerance: number;
}

/** Common splits and reverse splits, as [new shares, old shares]: the price moves by old / new. */
const SPLITS: readonly (readonly [number, number])[] = [
  [2, 1], [3, 1], [3, 2], [4, 1], [5, 1], [5, 4], [10, 1], [20, 1],
  [1, 2], [1, 3], [2, 3], [1, 4], [1, 5], [4, 5], [1, 10], [1, 20],
];

/**
 * Jumps in bars `from … window.length − 1` that an unadjusted split would explain: the close of
 * one bar to the open, or to the close, of the next within `tolerance` of a split's ratio, and
 * a move of at least `minMove`. Data that was not adjusted for a split shows a fall of half on
 * the day of a 2:1 split; a strategy reading it sees a crash, or a volatility that is not
 * there, and trades on it. The close of a bar still in progress at `now` is not known yet and
 * is not looked at. Pure, and linear in the bars scanned.
 */
export function splitSuspects(window: BarWindow, from: number, now: number, options: SplitJumpOptions): SplitSuspect[] {
  return suspectsAmong(window, from, now, options) ?? [];
}

/** splitSuspects, or undefined when there are none: nearly every scan finds none, and makes no array. */
function suspectsAmong(window: BarWindow, from: number, now: number, options: SplitJumpOptions): SplitSuspect[] | undefined {
  let suspects: SplitSuspect[] | undefined;
  // The columns read in place: every run scans the new bars of every instrument.
  const { open: opens, close: closes } = window.series.columns;
  const ends = window.series.ends;
  const { minMove } = options;
  for (let i = Math.max(1, from); i < window.length; i++) {
    const before = closes[i - 1]!;
    if (!(before > 0)) continue;
    // No array per bar, and the close only once known. Nearly every bar moves less than
    // minMove at its open and at its close: that is ruled out here, before any split is tried.
    const open = opens[i]!;
    if (Math.abs(open / before - 1) < minMove && (ends[i]! > now || Math.abs(closes[i]! / before - 1) < minMove)) continue;
    const atOpen = splitFor(open / before, options);
    if (atOpen) {
      (suspects ??= []).push({ time: window.time(i), ratio: atOpen, priceRatio: open / before });
      continue;
    }
    if (ends[i]! > now) continue;
    const close = closes[i]!;
    const atClose = splitFor(close / before, options);
    if (atClose) (suspects ??= []).push({ time: window.time(i), ratio: atClose, priceRatio: close / before });
  }
  return suspects;
}

const NONE: readonly SplitSuspect[] = Object.freeze([]);

/**
 * splitSuspects over bars `from …` of the window, skipping the bars an earlier call found clean.
 * The same answer as splitSuspects: suspects are never remembered, only clean bars are. A bar's
 * verdict depends only on its own prices and the close before it, which never change in a
 * loaded series: a process that checks at every run (a backtest, the daemon) scans each bar once
 * instead of the whole lookback at each run. What was found clean, by which options, is kept
 * with the series' dates (SeriesDates), which the lookback of the same check has just looked up.
 */
export function splitSuspectsRemembered(window: BarWindow, from: number, now: number, options: SplitJumpOptions): readonly SplitSuspect[] {
  const first = Math.max(1, from);
  const memo = SeriesDates.of(window.series);
  if (memo.cleanMinMove !== options.minMove || memo.cleanTolerance !== options.tolerance || first < memo.cleanFrom || first > memo.cleanBelow) {
    memo.cleanMinMove = options.minMove;
    memo.cleanTolerance = options.tolerance;
    memo.cleanFrom = first;
    memo.cleanBelow = first;
  }
  const start = Math.max(first, memo.cleanBelow);
  const suspects = suspectsAmong(window, start, now, options);
  // Bars up to the first suspect, or the first whose close is not known yet, are clean from now on.
  let below = start;
  const firstSuspect = suspects ? indexOfTime(window, suspects[0]!.time, start) : window.length;
  const ends = window.series.ends;
  while (below < firstSuspect && ends[below]! <= now) below++;
  memo.cleanBelow = below;
  return suspects ?? NONE;
}

function indexOfTime(window: BarWindow, time: number, from: number): number {
  for (let i = from; i < window.length; i++) if (window.time(i) === time) return i;
  return window.length;
}

function splitFor(priceRatio: number, options: SplitJumpOptions): string | undefined {
  if (!(priceRatio > 0) || Math.abs(priceRatio - 1) < options.minMove) return undefined;
  for (const [newShares, oldShares] of SPLITS) {
    const exact = oldShares / newShares;
    if (Math.abs(priceRatio / exact - 1) <= options.tolerance) return `${newShares}:${oldShares}`;
  }
  return undefined;
}

/** A split recorded in the actions file: its date (YYYY-MM-DD) and new shares per old share. */
export interface RecordedSplit {
  readonly date: string;
  readonly value: number;
}

/**
 * The suspects that no recorded split explains. A split of `value` new shares per old one
 * divides the price by `value`: a jump on the split's date whose price ratio is within
 * `tolerance` of 1 / value is the split itself, not an error in the data. `dateOf` gives a
 * bar's trading date, as the actions file writes it.
 */
export function unexplainedSplitSuspects(suspects: readonly SplitSuspect[], splits: readonly RecordedSplit[], tolerance: number, dateOf: (time: number) => string): SplitSuspect[] {
  if (splits.length === 0) return [...suspects];
  return suspects.filter((suspect) => {
    const date = dateOf(suspect.time);
    return !splits.some((split) => split.date === date && Math.abs(suspect.priceRatio * split.value - 1) <= tolerance);
  });
}
