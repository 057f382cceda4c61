import { describe, expect, it } from 'vitest';
import { BarSeries } from '../data/bar-series.js';
import { generateSampleBars } from '../data/sample/generate-sample-bars.js';
import { SAMPLE_INSTRUMENTS } from '../data/sample/sample-instruments.js';
import { createStrategy } from './create-strategy.js';
import { FixedWeightsStrategy } from './fixed-weights.js';
import { InverseVolStrategy } from './inverse-vol.js';
import { VolTargetOverlay } from './vol-target.js';

describe('createStrategy', () => {
  it('builds fixed weights', () => {
    const strategy = createStrategy({ kind: 'fixed', weights: { SPY: 1 }, leverage: 1 });
    expect(strategy).toBeInstanceOf(FixedWeightsStrategy);
    expect(strategy?.name).toBe('fixed');
  });

  it('builds inverse volatility wrapped in the volatility target', () => {
    const strategy = createStrategy({ kind: 'inverse-vol', lookbackDays: 60, grossExposure: 1, leverage: 1, volTarget: { target: 0.1, lookbackDays: 20, maxLeverage: 2 } });
    expect(strategy).toBeInstanceOf(VolTargetOverlay);
    expect(strategy?.name).toBe('inverse-vol+vol-target');
  });

  it('builds inverse volatility alone without a volatility target', () => {
    expect(createStrategy({ kind: 'inverse-vol', lookbackDays: 60, grossExposure: 1, leverage: 1 })).toBeInstanceOf(InverseVolStrategy);
    expect(createStrategy({ kind: 'fixed', weights: {}, leverage: 1, volTarget: { target: 0.1, lookbackDays: 20, maxLeverage: 2 } })?.name).toBe('fixed+vol-target');
  });

  it('leaves an external model to write the forecast file', () => {
    expect(createStrategy({ kind: 'external', description: 'a Python model' })).toBeUndefined();
  });
});

describe('built-in strategies on the sample data', () => {
  it('run inverse volatility with a volatility target end to end', async () => {
    const series = new Map([...generateSampleBars()].map(([symbol, bars]) => [symbol, BarSeries.fromBars(bars)]));
    const now = Date.UTC(2025, 10, 14, 18);
    const instruments = SAMPLE_INSTRUMENTS.filter((instrument) => instrument.secType === 'STK');
    const strategy = createStrategy({ kind: 'inverse-vol', lookbackDays: 60, grossExposure: 1, leverage: 1, volTarget: { target: 0.1, lookbackDays: 20, maxLeverage: 2 } })!;
    const forecast = await strategy.forecast({ now, instruments, barsOf: async (symbols) => new Map(symbols.map((symbol) => [symbol, series.get(symbol)!.windowUntil(now)])) });
    expect([...forecast.weights.keys()]).toEqual(instruments.map((instrument) => instrument.symbol));
    expect([...forecast.weights.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // IEF (7% vol) must outweigh QQQ (21% vol).
    expect(forecast.weights.get('IEF')!).toBeGreaterThan(2 * forecast.weights.get('QQQ')!);
    expect(forecast.leverage).toBeGreaterThan(0.5);
    expect(forecast.leverage).toBeLessThanOrEqual(2);
  });
});
