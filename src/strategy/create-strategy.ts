import type { StrategyConfig } from '../config/schema.js';
import { FixedWeightsStrategy } from './fixed-weights.js';
import { InverseVolStrategy } from './inverse-vol.js';
import type { Strategy } from './strategy.js';
import { VolTargetOverlay } from './vol-target.js';

/**
 * The built-in strategy a config describes, wrapped in the volatility target when one is
 * set. Undefined for kind 'external': an outside model writes the forecast file itself.
 */
export function createStrategy(config: StrategyConfig): Strategy | undefined {
  switch (config.kind) {
    case 'external':
      return undefined;
    case 'fixed': {
      const spreads = config.spreads?.map((s) => ({ ...s, expiry: typeof s.expiry === 'string' ? { date: s.expiry } : s.expiry }));
      const strategy = new FixedWeightsStrategy({ weights: config.weights, leverage: config.leverage, ...(spreads ? { spreads } : {}) });
      return config.volTarget ? new VolTargetOverlay(strategy, config.volTarget) : strategy;
    }
    case 'inverse-vol': {
      const strategy = new InverseVolStrategy({ lookbackDays: config.lookbackDays, grossExposure: config.grossExposure, leverage: config.leverage });
      return config.volTarget ? new VolTargetOverlay(strategy, config.volTarget) : strategy;
    }
    default: {
      const unknown: never = config;
      throw new Error(`unknown strategy kind ${JSON.stringify(unknown)}`);
    }
  }
}
