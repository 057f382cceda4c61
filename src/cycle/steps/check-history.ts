import { effectiveTime } from '../../data/adjusted-series.js';
import { DAY_MS, type BarWindow } from '../../data/bar-series.js';
import type { MarketData } from '../../data/market-data.js';
import { splitSuspectsRemembered, type SplitJumpOptions } from '../../data/checks/split-jumps.js';
import { isStaleHistory } from '../../data/checks/stale-history.js';

export interface HistoryCheckOptions {
  /** The run's clock, epoch ms UTC. */
  readonly now: number;
  /** Dates of daily closes the strategy reads (Strategy.historyDays): jumps are looked for among them. */
  readonly lookbackDays: number;
  /**
   * The open of the oldest session a symbol's newest bar may be from (dataChecks.maxAgeSessions
   * completed sessions of its exchange back from the clock); undefined when that is not known
   * (a symbol that is not an instrument of the config, a calendar made of the data itself).
   */
  readonly oldestAllowedStart: (symbol: string) => number | undefined;
  readonly maxAgeSessions: number;
  readonly split: SplitJumpOptions;
  /** Per symbol, the starts of the bars a split of its actions file takes effect with: a jump there is that split, not a defect. */
  readonly recordedSplits?: ReadonlyMap<string, ReadonlySet<number>>;
}

/** Market history a strategy must not decide on: stale, or with a jump an unadjusted split would explain. */
export class HistoryError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'HistoryError';
  }
}

/**
 * The checks market history passes before a strategy sees it. Throws a HistoryError naming
 * every problem: the step fails, its error flag stops the run, nothing is sent, and the alert
 * names each symbol.
 *
 * A suspected split stops the whole run, not only that instrument: a strategy weighs its
 * instruments against each other (inverse volatility, a volatility target over the
 * portfolio), so one instrument's false crash moves every weight. A split recorded in the
 * actions files is adjusted for before the strategy sees the window (total-return history);
 * where the strategy reads raw bars by choice (backtest.prices: raw), its jump is not reported.
 */
export function checkHistory(windows: ReadonlyMap<string, BarWindow>, options: HistoryCheckOptions): void {
  const problems: string[] = [];
  // Stale symbols grouped by the date their data ends: files left behind together (old data on
  // the wall clock, a feed that stopped) are one problem, said once, not once per symbol.
  const staleByNewest = new Map<string, string[]>();
  for (const [symbol, window] of windows) {
    const oldest = options.oldestAllowedStart(symbol);
    if (oldest !== undefined && isStaleHistory(window, oldest)) {
      const newest = window.length > 0 ? day(window.time(window.length - 1)) : '';
      staleByNewest.set(newest, [...(staleByNewest.get(newest) ?? []), symbol]);
    }
    for (const suspect of splitSuspectsRemembered(window, firstBarOfLastDays(window, options.lookbackDays + 1), options.now, options.split)) {
      if (options.recordedSplits?.get(symbol)?.has(suspect.time)) continue;
      problems.push(`${symbol}: a probable unadjusted ${suspect.ratio} split on ${day(suspect.time)} (price ×${suspect.priceRatio.toFixed(3)}): adjust the data for the split, or correct the bar; nothing is traded until then`);
    }
  }
  for (const [newest, symbols] of staleByNewest) problems.unshift(staleMessage(symbols, newest, windows.size, options));
  if (problems.length > 0) throw new HistoryError(problems);
}

function staleMessage(symbols: readonly string[], newest: string, checked: number, options: HistoryCheckOptions): string {
  const clock = new Date(options.now).toISOString();
  const rule = `the data must reach one of the last ${options.maxAgeSessions} completed sessions (dataChecks.maxAgeSessions)`;
  const ends = newest === '' ? 'there are no bars' : `the newest bar${symbols.length > 1 ? 's are' : ' is'} from ${newest}, the clock is ${clock} (${((options.now - Date.parse(newest)) / DAY_MS).toFixed(1)} days later)`;
  const fix = 'bring the data up to date (refresh the files in dataDir, or check the broker\'s data feed); to trade the files as they are, set clock: data';
  if (symbols.length === 1) return `${symbols[0]}: stale history: ${ends}: ${rule}; ${fix}`;
  const who = `${symbols.length === checked ? 'all ' : ''}${symbols.length} instruments (${symbols.join(', ')})`;
  return `${who}: stale history: ${ends}: ${rule}; ${fix}`;
}

/** Index of the first bar of the last `days` UTC dates of the window (walked from the newest: costs the lookback only). */
function firstBarOfLastDays(window: BarWindow, days: number): number {
  let dates = 0;
  let date = Number.NaN;
  for (let i = window.length - 1; i >= 0; i--) {
    const current = Math.floor(window.time(i) / DAY_MS);
    if (current !== date) {
      if (++dates > days) return i + 1;
      date = current;
    }
  }
  return 0;
}

function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** The bars of `windows` that a recorded split takes effect with, per symbol (for HistoryCheckOptions.recordedSplits). */
export async function recordedSplitsOf(marketData: MarketData, windows: ReadonlyMap<string, BarWindow>): Promise<ReadonlyMap<string, ReadonlySet<number>>> {
  const recorded = new Map<string, Set<number>>();
  for (const [symbol, window] of windows) {
    for (const action of await marketData.actions(symbol)) {
      const time = action.kind === 'split' ? effectiveTime(window, action) : undefined;
      if (time === undefined) continue;
      const starts = recorded.get(symbol) ?? new Set<number>();
      recorded.set(symbol, starts.add(time));
    }
  }
  return recorded;
}
