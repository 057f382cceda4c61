import type { BarWindow } from '../../data/bar-series.js';
import type { RecordedSplit } from '../../data/checks/split-jumps.js';
import type { DailyBar } from '../../data/sources/market-data-source.js';
import type { Instrument } from '../../domain/instrument.js';
import type { CycleDeps } from '../cycle-deps.js';
import { checkHistory } from './check-history.js';
import { crossCheckHistories } from './cross-check-histories.js';

/**
 * The strategy's read of history, checked before it sees it (stale bars, unexplained split
 * jumps, skipped sessions, a second source's disagreeing closes): `barsOf` for one run.
 */
export function checkedBarsOf(deps: CycleDeps, instruments: ReadonlyMap<string, Instrument>, historyDays: number, now: number): (symbols: readonly string[]) => Promise<ReadonlyMap<string, BarWindow>> {
  const { maxAgeSessions, splitMinMovePct, splitTolerancePct } = deps.config.dataChecks;
  const context = deps.historyContext;
  // A strategy may read history more than once in a run: the second source is asked once per symbol.
  const crossChecked = new Map<string, readonly DailyBar[] | Error>();
  const onInstrument = <T>(symbol: string, read: (instrument: Instrument) => T): T | undefined => {
    const instrument = instruments.get(symbol);
    return instrument ? read(instrument) : undefined;
  };
  // The oldest allowed session is the exchange's: worked out once per exchange in a run, not
  // once per instrument (a calendar walk each).
  const oldestByExchange = new Map<string, number | undefined>();
  // Instruments come exchange after exchange (most configs have one): the last answer is kept at hand.
  let lastExchange: string | undefined;
  let lastOldest: number | undefined;
  const oldestAllowedOn = (instrument: Instrument): number | undefined => {
    if (instrument.exchange === lastExchange) return lastOldest;
    if (!oldestByExchange.has(instrument.exchange)) oldestByExchange.set(instrument.exchange, deps.completedSessionOpen(instrument, now, maxAgeSessions));
    lastExchange = instrument.exchange;
    lastOldest = oldestByExchange.get(instrument.exchange);
    return lastOldest;
  };
  return async (symbols) => {
    const windows = await deps.marketData.barsOf(symbols, now);
    // Split jumps the actions files explain are no defect (raw history: backtest.prices raw).
    // Every file is read, so that a broken one fails the step, but all at once, and its splits
    // are picked out only for a symbol with a jump to explain.
    const actions = await deps.marketData.actionsOf(symbols);
    // Indexed only when a jump asks: nearly every run has none.
    let actionsOf: Map<string, number> | undefined;
    const splitsOf = (symbol: string): readonly RecordedSplit[] => {
      actionsOf ??= new Map(symbols.map((each, index) => [each, index]));
      const index = actionsOf.get(symbol);
      return index === undefined ? [] : actions[index]!.filter((action) => action.kind === 'split');
    };
    const crossCheck = context?.crossCheck ? await crossCheckHistories(context.crossCheck, windows, instruments, historyDays, now, crossChecked) : undefined;
    checkHistory(windows, {
      ...(context
        ? {
            dateOf: (symbol: string, time: number) => onInstrument(symbol, (i) => context.dateOf(i, time)) ?? new Date(time).toISOString().slice(0, 10),
            sessionsOf: (symbol: string, from: number, to: number) => onInstrument(symbol, (i) => context.sessionsOf?.(i, from, to)),
          }
        : {}),
      ...(crossCheck ? { crossCheck } : {}),
      now,
      lookbackDays: historyDays,
      // Asked for every symbol at every run: a look-up, without a closure per symbol.
      oldestAllowedStart: (symbol) => {
        const instrument = instruments.get(symbol);
        return instrument ? oldestAllowedOn(instrument) : undefined;
      },
      maxAgeSessions,
      split: { minMove: splitMinMovePct / 100, tolerance: splitTolerancePct / 100 },
      splitsOf,
    });
    return windows;
  };
}
