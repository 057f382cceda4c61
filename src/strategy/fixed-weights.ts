import type { Forecast } from '../domain/forecast.js';
import type { SpreadTarget } from '../domain/spread.js';
import { checkLeverage } from './check-leverage.js';
import { StrategyError, type Strategy, type StrategyContext } from './strategy.js';

export interface FixedWeightsOptions {
  /** Target weight per symbol, as fractions of NLV. */
  readonly weights: Readonly<Record<string, number>>;
  readonly leverage: number;
  /** Option spreads to hold every time, besides the weights. */
  readonly spreads?: readonly SpreadTarget[];
}

/**
 * The same weights and leverage every time (config kind 'fixed'). Instruments the config
 * gives no weight get 0, so the forecast says explicitly to hold none of them.
 */
export class FixedWeightsStrategy implements Strategy {
  readonly name = 'fixed';
  readonly historyDays = 0;
  readonly #weights: ReadonlyMap<string, number>;
  readonly #leverage: number;
  readonly #spreads: readonly SpreadTarget[];

  constructor(options: FixedWeightsOptions) {
    this.#spreads = options.spreads ?? [];
    this.#weights = new Map(Object.entries(options.weights));
    for (const [symbol, weight] of this.#weights) {
      if (!Number.isFinite(weight)) throw new StrategyError(`fixed: the weight of ${symbol} is ${weight}, not a number`);
    }
    this.#leverage = checkLeverage(this.name, options.leverage);
  }

  async forecast(context: StrategyContext): Promise<Forecast> {
    const tradable = new Set(context.instruments.map((instrument) => instrument.symbol));
    const unknown = [...this.#weights.keys()].filter((symbol) => !tradable.has(symbol));
    if (unknown.length > 0) {
      throw new StrategyError(`fixed: weights for ${unknown.join(', ')}, which are not tradable instruments (known: ${[...tradable].join(', ')})`);
    }
    const weights = new Map(context.instruments.map((instrument) => [instrument.symbol, this.#weights.get(instrument.symbol) ?? 0]));
    return { asOf: context.now, source: this.name, leverage: this.#leverage, weights, ...(this.#spreads.length > 0 ? { spreads: this.#spreads } : {}) };
  }
}
