import { StrategyError } from './strategy.js';

/**
 * A forecast's leverage must be positive: the forecast reader refuses 0 (it cannot tell a
 * deliberate "hold nothing" from a broken model). Holding nothing is written as zero weights.
 */
export function checkLeverage(strategy: string, leverage: number): number {
  if (!(leverage > 0) || !Number.isFinite(leverage)) {
    throw new StrategyError(`${strategy}: leverage must be a positive number, got ${leverage}; to hold nothing, set the weights to 0`);
  }
  return leverage;
}
