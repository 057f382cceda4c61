import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findCalendar } from '../../calendar/get-calendar.js';
import { formatDate } from '../../calendar/civil-date.js';
import { zonedDate } from '../../calendar/zoned-time.js';
import type { Instrument } from '../../domain/instrument.js';
import { actionsFileOf, formatActions, formatNumber, mergeActions } from '../actions/actions-file.js';
import { readActionsFile } from '../csv/parse-actions-csv.js';
import { loadColumnarFolder } from '../columnar/columnar-folder.js';
import { parseBarColumns } from '../csv/parse-bars-csv.js';
import { MarketDataError } from '../market-data.js';
import type { DailyBar, MarketDataSource } from '../sources/market-data-source.js';
import { mergeDailyBars } from './merge-daily-bars.js';
import { writeAtomically } from './write-atomically.js';

const DAY_MS = 86_400_000;
/** How far back a first fetch of a symbol reaches when no --from is given. */
export const FIRST_FETCH_DAYS = 2 * 365;

export interface FetchOptions {
  readonly dataDir: string;
  readonly instruments: readonly Instrument[];
  readonly source: MarketDataSource;
  /** YYYY-MM-DD; default: the date of the file's last bar (so that it can be corrected), or FIRST_FETCH_DAYS before `to`. */
  readonly from?: string;
  /** YYYY-MM-DD; default today (UTC). */
  readonly to?: string;
  readonly now: number;
  readonly progress?: (event: FetchProgress) => void;
}

export type FetchProgress = { readonly kind: 'start'; readonly symbol: string; readonly index: number; readonly count: number; readonly from: string; readonly to: string } | { readonly kind: 'done'; readonly summary: SymbolSummary };

export interface SymbolSummary {
  readonly symbol: string;
  /** Bars of dates the file did not have. */
  readonly added: number;
  /** Bars the source now gives differently from the file. */
  readonly corrected: number;
  /** Sessions of the instrument's calendar from the file's first bar (or `from`) to `to` that have closed and have no bar; undefined without a calendar. */
  readonly missing: number | undefined;
  /** Splits and dividends in the actions file after the fetch. */
  readonly actions: number;
  /** Why nothing was written for this symbol. */
  readonly error?: string;
}

/**
 * Fills `<dataDir>/<SYMBOL>.csv` and `<SYMBOL>.actions.csv` from a source, one symbol after the
 * other, then the columnar cache. Each file is rewritten whole and atomically, and only after the
 * source's reply passed every check: a refused reply, a file that cannot be read, a failed write
 * leave that symbol's files as they were, and the other symbols go on.
 */
export async function fetchIntoFolder(options: FetchOptions): Promise<SymbolSummary[]> {
  const to = options.to ?? new Date(options.now).toISOString().slice(0, 10);
  const summaries: SymbolSummary[] = [];
  for (const [index, instrument] of options.instruments.entries()) {
    const symbol = instrument.symbol;
    let summary: SymbolSummary;
    try {
      summary = await fetchOne(instrument, options, to, (from) => options.progress?.({ kind: 'start', symbol, index, count: options.instruments.length, from, to }));
    } catch (error) {
      summary = { symbol, added: 0, corrected: 0, missing: undefined, actions: 0, error: (error as Error).message };
    }
    summaries.push(summary);
    options.progress?.({ kind: 'done', summary });
  }
  const written = summaries.filter((s) => !s.error).map((s) => s.symbol);
  if (written.length > 0) {
    try {
      loadColumnarFolder(options.dataDir, written);
    } catch {
      // The cache only saves time: a backtest parses the CSVs again and rebuilds it.
    }
  }
  return summaries;
}

async function fetchOne(instrument: Instrument, options: FetchOptions, to: string, started: (from: string) => void): Promise<SymbolSummary> {
  const symbol = instrument.symbol;
  const file = join(options.dataDir, `${symbol}.csv`);
  const existing = await readDailyFile(file);
  const last = existing[existing.length - 1]?.date;
  const from = options.from ?? last ?? new Date(Date.parse(`${to}T00:00:00Z`) - FIRST_FETCH_DAYS * DAY_MS).toISOString().slice(0, 10);
  if (from > to) throw new MarketDataError(`--from ${from} is after --to ${to}`);
  started(from);
  const calendar = findCalendar(instrument.exchange);
  const history = await options.source.history({ instrument, from, to, timeZone: calendar?.timeZone ?? 'UTC' });
  const merged = mergeDailyBars(existing, history.bars);
  const actionsFile = actionsFileOf(options.dataDir, symbol);
  const oldActions = await readActionsFile(actionsFile);
  const actions = mergeActions(oldActions, history.actions);
  if (merged.bars.length > 0 && (merged.added > 0 || merged.corrected > 0)) await writeAtomically(file, formatBars(merged.bars));
  if (history.actions.length > 0) await writeAtomically(actionsFile, formatActions(actions));
  return { symbol, added: merged.added, corrected: merged.corrected, missing: missingSessions(merged.bars, instrument, from, to, options.now), actions: actions.length };
}

/** The daily bars of a data file written by a fetch (or by hand, date-stamped); none when there is no file yet. */
async function readDailyFile(file: string): Promise<DailyBar[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new MarketDataError(`cannot be read: ${(error as Error).message}`, file);
  }
  const columns = parseBarColumns(text, file);
  const bars: DailyBar[] = [];
  for (let i = 0; i < columns.time.length; i++) {
    const time = columns.time[i]!;
    if (time % DAY_MS !== 0) {
      throw new MarketDataError(`holds bars within the day (${new Date(time).toISOString()}), and a fetch writes daily bars: move the file away, or keep the fetched data in another dataDir`, file, i + 2);
    }
    bars.push({ date: new Date(time).toISOString().slice(0, 10), open: columns.open[i]!, high: columns.high[i]!, low: columns.low[i]!, close: columns.close[i]!, volume: columns.volume[i]! });
  }
  return bars;
}

function formatBars(bars: readonly DailyBar[]): string {
  return `${['time,open,high,low,close,volume', ...bars.map((b) => `${b.date},${formatNumber(b.open)},${formatNumber(b.high)},${formatNumber(b.low)},${formatNumber(b.close)},${formatNumber(b.volume)}`)].join('\n')}\n`;
}

/** Sessions of the instrument's exchange dated from the first bar (or `from`, if later) to `to` that had closed by `now` and have no bar. */
function missingSessions(bars: readonly DailyBar[], instrument: Instrument, from: string, to: string, now: number): number | undefined {
  const calendar = findCalendar(instrument.exchange);
  if (!calendar) return undefined;
  const first = bars[0]?.date;
  const start = first !== undefined && first > from ? first : from;
  const today = formatDate(zonedDate(now, calendar.timeZone));
  const end = to < today ? to : today;
  if (start > end) return 0;
  const dates = new Set(bars.map((b) => b.date));
  return calendar.sessions(start, end).filter((s) => s.close <= now && !dates.has(s.date)).length;
}
