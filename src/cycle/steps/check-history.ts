import { DAY_MS, type BarWindow } from '../../data/bar-series.js';
import type { Session } from '../../calendar/session.js';
import { closeDisagreements } from '../../data/checks/cross-check.js';
import { missingSessions } from '../../data/checks/session-gaps.js';
import { splitSuspectsRemembered, unexplainedSplitSuspects, type RecordedSplit, type SplitJumpOptions } from '../../data/checks/split-jumps.js';
import { isStaleHistory } from '../../data/checks/stale-history.js';
import { firstBarOfLastDaysRemembered } from '../../data/checks/lookback-start.js';
import type { DailyBar } from '../../data/sources/market-data-source.js';
import { formatNumber } from '../../data/actions/actions-file.js';

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
  /** A bar's trading date (YYYY-MM-DD) on its symbol's exchange; UTC date when undefined. */
  readonly dateOf?: (symbol: string, time: number) => string;
  /** The splits of the symbol's actions file: a jump one of them explains is not flagged. */
  readonly splitsOf?: (symbol: string) => readonly RecordedSplit[];
  /** The sessions of the symbol's exchange from one instant to another; undefined: no gap check (no calendar, or the check is off). */
  readonly sessionsOf?: (symbol: string, from: number, to: number) => readonly Session[] | undefined;
  /** A second source's daily closes (or why it could not give them), compared with the data's. */
  readonly crossCheck?: CrossCheckInput;
}

export interface CrossCheckInput {
  /** Names of the two sources, as the messages say them. */
  readonly dataName: string;
  readonly referenceName: string;
  readonly tolerancePct: number;
  readonly histories: ReadonlyMap<string, readonly DailyBar[] | Error>;
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
 * portfolio), so one instrument's false crash moves every weight. The same holds for a session
 * the data skipped and for a close a second source disagrees with. A jump that a split in the
 * actions file explains is not reported.
 */
export function checkHistory(windows: ReadonlyMap<string, BarWindow>, options: HistoryCheckOptions): void {
  // Split problems are reported first, then the gaps and cross-check problems, symbol by
  // symbol in each part: one pass over the windows fills both lists.
  const problems: string[] = [];
  const later: string[] = [];
  // Stale symbols grouped by the date their data ends: files left behind together (old data on
  // the wall clock, a feed that stopped) are one problem, said once, not once per symbol.
  const staleByNewest = new Map<string, string[]>();
  // forEach, not for…of: a map of hundreds of windows need not make a pair per symbol at every run.
  windows.forEach((window, symbol) => {
    const oldest = options.oldestAllowedStart(symbol);
    if (oldest !== undefined && isStaleHistory(window, oldest)) {
      const newest = window.length > 0 ? day(window.time(window.length - 1)) : '';
      staleByNewest.set(newest, [...(staleByNewest.get(newest) ?? []), symbol]);
    }
    const from = firstBarOfLastDaysRemembered(window, options.lookbackDays + 1);
    const suspects = splitSuspectsRemembered(window, from, options.now, options.split);
    // The actions file is asked only about a jump: nearly every run has none.
    if (suspects.length > 0) {
      for (const suspect of unexplainedSplitSuspects(suspects, options.splitsOf?.(symbol) ?? [], options.split.tolerance, (time) => dateOn(options, symbol, time))) {
        problems.push(`${symbol}: a probable unadjusted ${suspect.ratio} split on ${day(suspect.time)} (price ×${suspect.priceRatio.toFixed(3)}): adjust the data for the split, or correct the bar; nothing is traded until then`);
      }
    }
    if (window.length === 0) return;
    const sessions = options.sessionsOf?.(symbol, window.time(from), window.time(window.length - 1));
    if (sessions) {
      const missing = missingSessions(window, from, sessions, options.now);
      if (missing.length > 0) {
        const dates = missing.slice(0, 5).map((s) => s.date).join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '');
        later.push(`${symbol}: ${missing.length} session${missing.length > 1 ? 's' : ''} of its exchange with no bar: ${dates}: fill the gap (autofolio data fetch --from ${missing[0]!.date}), or set dataChecks.sessionGaps: false if the instrument does not trade on its exchange's calendar; nothing is traded until then`);
      }
    }
    const cross = options.crossCheck;
    const reference = cross?.histories.get(symbol);
    if (cross && reference instanceof Error) {
      later.push(`${symbol}: the cross-check against ${cross.referenceName} failed: ${reference.message}: nothing is traded until the second source answers (or remove dataChecks.crossCheck)`);
    } else if (cross && reference !== undefined) {
      const apart = closeDisagreements(window, from, reference as readonly DailyBar[], { now: options.now, tolerancePct: cross.tolerancePct, dateOf: (time) => dateOn(options, symbol, time) });
      if (apart.length > 0) {
        const worst = apart.reduce((a, b) => (b.apartPct > a.apartPct ? b : a));
        const more = apart.length > 1 ? ` (${apart.length} dates apart by more than the tolerance; the widest shown)` : '';
        later.push(`${symbol}: the close on ${worst.date} is ${formatNumber(worst.dataClose)} in ${cross.dataName} but ${formatNumber(worst.referenceClose)} at ${cross.referenceName}, ${worst.apartPct.toFixed(2)}% apart, beyond dataChecks.crossCheck.tolerancePct ${cross.tolerancePct}${more}: find which source is wrong and correct the data; nothing is traded until then`);
      }
    }
  });
  problems.push(...later);
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

/** A bar's trading date on its symbol's exchange, or its UTC date without a calendar. */
function dateOn(options: HistoryCheckOptions, symbol: string, time: number): string {
  return options.dateOf?.(symbol, time) ?? day(time);
}

function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

