import type { Forecast } from '../domain/forecast.js';
import type { Instrument } from '../domain/instrument.js';
import { dailyVolInto } from './daily-closes.js';
import { checkLeverage } from './check-leverage.js';
import { StrategyError, type Strategy, type StrategyContext } from './strategy.js';

export interface InverseVolOptions {
  /** Daily returns in the volatility estimate. */
  readonly lookbackDays: number;
  /** Sum of the weights. */
  readonly grossExposure: number;
  readonly leverage: number;
}

// The cycle hands the strategy the same list of instruments at every run; asking for their
// history with the same list of symbols each time lets the market data look them up once.
const symbolLists = new WeakMap<readonly Instrument[], readonly string[]>();

function symbolsOf(instruments: readonly Instrument[]): readonly string[] {
  let symbols = symbolLists.get(instruments);
  if (!symbols) symbolLists.set(instruments, (symbols = Object.freeze(instruments.map(({ symbol }) => symbol))));
  return symbols;
}

/**
 * Weights proportional to 1 / realised volatility of each instrument's daily returns over
 * the lookback, scaled so that they sum to the gross exposure: every instrument then
 * contributes roughly the same risk, ignoring correlation.
 */
export class InverseVolStrategy implements Strategy {
  readonly name = 'inverse-vol';
  readonly historyDays: number;
  readonly #options: InverseVolOptions;

  constructor(options: InverseVolOptions) {
    if (!Number.isInteger(options.lookbackDays) || options.lookbackDays < 2) {
      throw new StrategyError(`inverse-vol: lookbackDays must be a whole number of at least 2, got ${options.lookbackDays}`);
    }
    if (!(options.grossExposure > 0)) throw new StrategyError(`inverse-vol: grossExposure must be positive, got ${options.grossExposure}`);
    checkLeverage(this.name, options.leverage);
    this.#options = Object.freeze({ ...options });
    this.historyDays = options.lookbackDays + 1;
  }

  async forecast(context: StrategyContext): Promise<Forecast> {
    const { lookbackDays, grossExposure, leverage } = this.#options;
    const { instruments } = context;
    if (instruments.length === 0) throw new StrategyError('inverse-vol: no tradable instruments');
    const needed = lookbackDays + 1;
    const windows = await context.barsOf(symbolsOf(instruments));
    // One pass over the instruments, a number per instrument: a backtest asks at every
    // rebalance for hundreds of them.
    const inverse = new Float64Array(instruments.length);
    let short: string[] | undefined;
    let undefinedVol: string | undefined;
    let total = 0;
    // Each instrument's realizedVol of its last `needed` daily closes, read in turn.
    const volOf = new Float64Array(1);
    for (let k = 0; k < instruments.length; k += 1) {
      const { symbol } = instruments[k]!;
      const count = dailyVolInto(windows.get(symbol)!, context.now, lookbackDays, volOf);
      if (count < needed) {
        (short ??= []).push(`${symbol} has ${count}`);
        continue;
      }
      if (short || undefinedVol) continue;
      const vol = volOf[0]!;
      if (!(vol > 0) || !Number.isFinite(vol)) {
        undefinedVol = `inverse-vol: ${symbol} has a volatility of ${vol} over the last ${lookbackDays} days, so 1/vol is undefined: check its data`;
        continue;
      }
      inverse[k] = 1 / vol;
      total += inverse[k]!;
    }
    // Too little history is said first, for every instrument short of it.
    if (short) throw new StrategyError(`inverse-vol: too little history: ${short.join(', ')} days of closes; ${needed} are needed (lookbackDays ${lookbackDays} + 1)`);
    if (undefinedVol) throw new StrategyError(undefinedVol);
    const weights = new Map<string, number>();
    for (let k = 0; k < instruments.length; k += 1) weights.set(instruments[k]!.symbol, (inverse[k]! / total) * grossExposure);
    return { asOf: context.now, source: this.name, leverage, weights };
  }
}
