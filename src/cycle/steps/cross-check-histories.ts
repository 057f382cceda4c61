import { DAY_MS, type BarWindow } from '../../data/bar-series.js';
import type { DailyBar } from '../../data/sources/market-data-source.js';
import type { Instrument } from '../../domain/instrument.js';
import type { HistoryContext } from '../cycle-deps.js';
import type { CrossCheckInput } from './check-history.js';

/**
 * The second source's daily bars over the days the strategy reads, per symbol; a source that
 * fails for a symbol gives its error, which blocks that symbol like a disagreement does: a check
 * the owner asked for that could not run is not a pass. `fetched` keeps what one run asked, so a
 * strategy that reads history twice costs the source one request per symbol.
 */
export async function crossCheckHistories(check: NonNullable<HistoryContext['crossCheck']>, windows: ReadonlyMap<string, BarWindow>, instruments: ReadonlyMap<string, Instrument>, historyDays: number, now: number, fetched: Map<string, readonly DailyBar[] | Error>): Promise<CrossCheckInput> {
  const histories = new Map<string, readonly DailyBar[] | Error>();
  const to = new Date(now).toISOString().slice(0, 10);
  // Calendar days reach back further than trading days: twice the lookback and a week cover weekends and holidays.
  const from = new Date(now - (historyDays * 2 + 7) * DAY_MS).toISOString().slice(0, 10);
  for (const symbol of windows.keys()) {
    const instrument = instruments.get(symbol);
    if (!instrument) continue;
    let history = fetched.get(symbol);
    if (history === undefined) {
      try {
        history = (await check.source.history({ instrument, from, to, timeZone: check.timeZoneOf(instrument) })).bars;
      } catch (error) {
        history = error instanceof Error ? error : new Error(String(error));
      }
      fetched.set(symbol, history);
    }
    histories.set(symbol, history);
  }
  return { dataName: check.dataName, referenceName: check.source.name, tolerancePct: check.tolerancePct, histories };
}
