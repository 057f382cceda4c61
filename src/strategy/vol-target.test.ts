import { describe, expect, it } from 'vitest';
import { windowOf } from '../data/bar-series.js';
import type { Bar } from '../domain/bar.js';
import type { Forecast } from '../domain/forecast.js';
import type { Instrument } from '../domain/instrument.js';
import { annualisedVol } from './realized-vol.js';
import { StrategyError, type Strategy, type StrategyContext } from './strategy.js';
import { VolTargetOverlay } from './vol-target.js';

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const NOW = START + 1000 * DAY;

function alternatingBars(days: number, move: number, skip: ReadonlySet<number> = new Set()): Bar[] {
  let close = 100;
  const bars: Bar[] = [];
  for (let i = 0; i < days; i += 1) {
    if (i > 0) close *= i % 2 === 1 ? 1 + move : 1 - move;
    if (!skip.has(i)) bars.push({ time: START + i * DAY, open: close, high: close, low: close, close, volume: 1 });
  }
  return bars;
}

function context(series: Record<string, Bar[]>): StrategyContext {
  const instruments = Object.keys(series).map((symbol): Instrument => ({ symbol, secType: 'STK', currency: 'USD', exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 }));
  return { now: NOW, instruments, barsOf: async (symbols) => new Map(symbols.map((symbol) => [symbol, windowOf(series[symbol]!)])) };
}

function fixed(weights: Record<string, number>): Strategy {
  return {
    name: 'inverse-vol',
    // The overlay's own lookback decides the history these tests give.
    historyDays: 0,
    forecast: async (ctx): Promise<Forecast> => ({ asOf: ctx.now - 5, source: 'inner', leverage: 1, weights: new Map(Object.entries(weights)) }),
  };
}

// Returns alternating ±1% over 20 days: sample sd √(20/19) × 1%.
const VOL_1PCT = annualisedVol(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 0.01 : -0.01)));

describe('VolTargetOverlay', () => {
  it('sets leverage to target / realised vol of the weighted portfolio, keeping the weights', async () => {
    const overlay = new VolTargetOverlay(fixed({ SPY: 1 }), { target: 0.1, lookbackDays: 20, maxLeverage: 3 });
    const forecast = await overlay.forecast(context({ SPY: alternatingBars(60, 0.01) }));
    expect(forecast.leverage).toBeCloseTo(0.1 / VOL_1PCT, 10);
    expect(forecast.weights).toEqual(new Map([['SPY', 1]]));
    expect(forecast.source).toBe('inverse-vol+vol-target');
    expect(forecast.asOf).toBe(NOW);
  });

  it('measures the portfolio, so offsetting moves lower its volatility', async () => {
    // TLT moves opposite SPY every day, so half in each does not move at all: leverage hits the cap.
    // With TLT's weight at 0 only SPY's half counts.
    const spy = alternatingBars(60, 0.01);
    const tlt = alternatingBars(60, -0.01);
    const overlay = new VolTargetOverlay(fixed({ SPY: 0.5, TLT: 0.5 }), { target: 0.1, lookbackDays: 20, maxLeverage: 2.5 });
    expect((await overlay.forecast(context({ SPY: spy, TLT: tlt }))).leverage).toBe(2.5);
    const half = new VolTargetOverlay(fixed({ SPY: 0.5, TLT: 0 }), { target: 0.1, lookbackDays: 20, maxLeverage: 10 });
    expect((await half.forecast(context({ SPY: spy, TLT: tlt }))).leverage).toBeCloseTo(0.1 / (0.5 * VOL_1PCT), 10);
  });

  it('never exceeds maxLeverage', async () => {
    const overlay = new VolTargetOverlay(fixed({ SPY: 1 }), { target: 0.5, lookbackDays: 20, maxLeverage: 1.5 });
    expect((await overlay.forecast(context({ SPY: alternatingBars(60, 0.001) }))).leverage).toBe(1.5);
  });

  it('uses only days on which every held instrument has a close', async () => {
    // Without day 59 for TLT, the window ends at day 58 for both.
    const overlay = new VolTargetOverlay(fixed({ SPY: 1, TLT: 0.0001 }), { target: 0.1, lookbackDays: 20, maxLeverage: 10 });
    const ctx = context({ SPY: alternatingBars(60, 0.01), TLT: alternatingBars(60, 0.01, new Set([59])) });
    expect((await overlay.forecast(ctx)).leverage).toBeCloseTo(0.1 / (1.0001 * VOL_1PCT), 10);
  });

  it('names the history it lacks', async () => {
    const overlay = new VolTargetOverlay(fixed({ SPY: 1 }), { target: 0.1, lookbackDays: 20, maxLeverage: 2 });
    const error = await overlay.forecast(context({ SPY: alternatingBars(15, 0.01) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrategyError);
    expect((error as Error).message).toMatch(/15 days .*SPY 15.*21 are needed/);
  });
});
