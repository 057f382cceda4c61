import { describe, expect, it } from 'vitest';
import { windowOf } from '../data/bar-series.js';
import type { Bar } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import { InverseVolStrategy } from './inverse-vol.js';
import { StrategyError, type StrategyContext } from './strategy.js';

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

/** Daily bars whose returns alternate +move, -move: the realised vol is proportional to move. */
function alternatingBars(days: number, move: number): Bar[] {
  let close = 100;
  return Array.from({ length: days }, (_, i) => {
    if (i > 0) close *= i % 2 === 1 ? 1 + move : 1 - move;
    return { time: START + i * DAY, open: close, high: close, low: close, close, volume: 1 };
  });
}

function context(series: Record<string, Bar[]>, now = START + 1000 * DAY): StrategyContext {
  const instruments = Object.keys(series).map((symbol): Instrument => ({ symbol, secType: 'STK', currency: 'USD', exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 }));
  return { now, instruments, barsOf: async (symbols) => new Map(symbols.map((symbol) => [symbol, windowOf(series[symbol]!.filter((bar) => bar.time <= now))])) };
}

describe('InverseVolStrategy', () => {
  it('weights each instrument by 1 / vol, summing to the gross exposure', async () => {
    const strategy = new InverseVolStrategy({ lookbackDays: 20, grossExposure: 0.9, leverage: 1.2 });
    const ctx = context({ SPY: alternatingBars(41, 0.02), TLT: alternatingBars(41, 0.01) });
    const forecast = await strategy.forecast(ctx);
    // TLT moves half as much, so it gets twice SPY's weight.
    expect(forecast.weights.get('SPY')).toBeCloseTo(0.3, 12);
    expect(forecast.weights.get('TLT')).toBeCloseTo(0.6, 12);
    expect(forecast.leverage).toBe(1.2);
    expect(forecast.asOf).toBe(ctx.now);
    expect(forecast.source).toBe('inverse-vol');
  });

  it('names each instrument with too little history and the days needed', async () => {
    const strategy = new InverseVolStrategy({ lookbackDays: 20, grossExposure: 1, leverage: 1 });
    const error = await strategy.forecast(context({ SPY: alternatingBars(30, 0.01), XIU: alternatingBars(15, 0.01) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrategyError);
    expect((error as Error).message).toMatch(/XIU has 15 days of closes; 21 are needed/);
    expect((error as Error).message).not.toMatch(/SPY/);
  });

  it('refuses an instrument whose price never moved', async () => {
    const strategy = new InverseVolStrategy({ lookbackDays: 5, grossExposure: 1, leverage: 1 });
    await expect(strategy.forecast(context({ SPY: alternatingBars(10, 0.01), FLAT: alternatingBars(10, 0) }))).rejects.toThrow(/FLAT has a volatility of 0/);
  });

  it('refuses to run without instruments', async () => {
    await expect(new InverseVolStrategy({ lookbackDays: 5, grossExposure: 1, leverage: 1 }).forecast(context({}))).rejects.toThrow(StrategyError);
  });
});
