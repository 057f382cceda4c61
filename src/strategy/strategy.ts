import type { BarWindow } from '../data/bar-series.js';
import type { Forecast } from '../domain/forecast.js';
import type { Instrument } from '../domain/instrument.js';

export interface StrategyContext {
  /** Epoch ms UTC. */
  readonly now: number;
  /** The tradable instruments (not the FX pairs used only for conversion). */
  readonly instruments: readonly Instrument[];
  /**
   * Bars known at `now`, oldest first, of each of `symbols` (an unknown symbol has an empty
   * window). One call for all of them: a strategy over hundreds of symbols waits once.
   */
  barsOf(symbols: readonly string[]): Promise<ReadonlyMap<string, BarWindow>>;
}

/** A strategy turns market history into target weights and leverage. */
export interface Strategy {
  readonly name: string;
  /**
   * Dates of daily closes a forecast needs (0 when it needs no history). A backtest starts
   * deciding once the data holds that many, rather than failing every run before.
   */
  readonly historyDays: number;
  forecast(context: StrategyContext): Promise<Forecast>;
}

/** An error in strategy code or its inputs: the run stops with an error flag, nothing is sent. */
export class StrategyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StrategyError';
  }
}
