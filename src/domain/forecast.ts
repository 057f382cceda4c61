import type { SpreadTarget } from './spread.js';

/**
 * A strategy's output (step 3 of the README's "One cycle"): target weight per instrument and the desired
 * leverage. Weights are fractions of NLV before leverage; target value = NLV × leverage × weight.
 */
export interface Forecast {
  /** When the forecast was made, epoch ms UTC. */
  readonly asOf: number;
  /** Who made it: a built-in strategy name or an external model's name. */
  readonly source: string;
  readonly leverage: number;
  readonly weights: ReadonlyMap<string, number>;
  /** Option spreads to hold besides the weights (JSON forecasts only); none when absent. */
  readonly spreads?: readonly SpreadTarget[];
}
