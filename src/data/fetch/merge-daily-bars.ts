import type { DailyBar } from '../sources/market-data-source.js';

export interface MergedBars {
  /** Every bar, oldest first: the file's, with the fetched ones added or put in their place. */
  readonly bars: readonly DailyBar[];
  /** Fetched bars of dates the file did not have. */
  readonly added: number;
  /** Fetched bars of dates the file had, with other prices or volume: the source corrected them. */
  readonly corrected: number;
}

/** Twelve significant digits, as the data file keeps them: a fetched bar equal to a written one up to that is unchanged. */
export function keptPrecision(value: number): number {
  return Number(value.toPrecision(12));
}

/** The file's bars merged with the fetched ones (both oldest first, one bar per date); a fetched bar wins. */
export function mergeDailyBars(existing: readonly DailyBar[], fetched: readonly DailyBar[]): MergedBars {
  const byDate = new Map(existing.map((bar) => [bar.date, bar]));
  let added = 0;
  let corrected = 0;
  for (const raw of fetched) {
    const bar = { date: raw.date, open: keptPrecision(raw.open), high: keptPrecision(raw.high), low: keptPrecision(raw.low), close: keptPrecision(raw.close), volume: keptPrecision(raw.volume) };
    const old = byDate.get(bar.date);
    if (!old) added++;
    else if (old.open !== bar.open || old.high !== bar.high || old.low !== bar.low || old.close !== bar.close || old.volume !== bar.volume) corrected++;
    else continue;
    byDate.set(bar.date, bar);
  }
  const bars = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { bars, added, corrected };
}
