import { describe, expect, it } from 'vitest';
import { windowOf } from '../data/bar-series.js';
import type { Instrument } from '../domain/instrument.js';
import { FixedWeightsStrategy } from './fixed-weights.js';
import { StrategyError, type StrategyContext } from './strategy.js';

const NOW = Date.UTC(2025, 10, 14, 15);

function context(symbols: readonly string[]): StrategyContext {
  const instruments = symbols.map((symbol): Instrument => ({ symbol, secType: 'STK', currency: 'USD', exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 }));
  return { now: NOW, instruments, barsOf: async (asked) => new Map(asked.map((symbol) => [symbol, windowOf([])])) };
}

describe('FixedWeightsStrategy', () => {
  it('gives the configured weights and leverage, and 0 to every other instrument', async () => {
    const strategy = new FixedWeightsStrategy({ weights: { SPY: 0.6, TLT: 0.4 }, leverage: 1.5 });
    const forecast = await strategy.forecast(context(['SPY', 'TLT', 'GLD']));
    expect(forecast).toEqual({ asOf: NOW, source: 'fixed', leverage: 1.5, weights: new Map([['SPY', 0.6], ['TLT', 0.4], ['GLD', 0]]) });
  });

  it('refuses a weight for an instrument that is not tradable', async () => {
    const strategy = new FixedWeightsStrategy({ weights: { SPY: 0.5, USDCAD: 0.5 }, leverage: 1 });
    await expect(strategy.forecast(context(['SPY']))).rejects.toThrow(/USDCAD, which are not tradable/);
  });

  it('refuses a leverage of zero or a weight that is not a number', () => {
    expect(() => new FixedWeightsStrategy({ weights: { SPY: 1 }, leverage: 0 })).toThrow(StrategyError);
    expect(() => new FixedWeightsStrategy({ weights: { SPY: Number.NaN }, leverage: 1 })).toThrow(/SPY is NaN/);
  });
});
