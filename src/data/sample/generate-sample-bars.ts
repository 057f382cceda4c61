import type { Bar } from '../../domain/bar.js';
import { mulberry32, normalSource } from './prng.js';
import { SAMPLE_INSTRUMENTS, SAMPLE_MODELS, type SampleSeriesModel } from './sample-instruments.js';
import { nyseSessionBars, nyseTradingDays } from './sample-sessions.js';

export const SAMPLE_SEED = 20_251_114;
export const SAMPLE_LAST_DAY = '2025-11-14';
export const SAMPLE_TRADING_DAYS = 260;

const TRADING_DAYS_PER_YEAR = 252;
const SESSION_HOURS = 6.5;
// Share of a day's variance that falls overnight, between one close and the next open.
const OVERNIGHT_VARIANCE_SHARE = 0.2;
// Volume through the day is U-shaped: busy open and close, quiet lunch (last bar: half hour).
const VOLUME_PROFILE = [0.2, 0.13, 0.11, 0.1, 0.11, 0.15, 0.2];

/**
 * The synthetic sample series: correlated geometric random walks (one common market factor),
 * hourly bars over the regular NYSE sessions of the last SAMPLE_TRADING_DAYS days up to
 * SAMPLE_LAST_DAY. Pure and deterministic: the same seed gives the same bars.
 */
export function generateSampleBars(seed = SAMPLE_SEED): Map<string, Bar[]> {
  const normal = normalSource(mulberry32(seed));
  const tick = new Map(SAMPLE_INSTRUMENTS.map((instrument) => [instrument.symbol, instrument.tickSize]));
  const series = SAMPLE_MODELS.map((model) => ({ model, tick: tick.get(model.symbol)!, price: model.startPrice, bars: [] as Bar[] }));

  for (const [dayIndex, day] of nyseTradingDays(SAMPLE_LAST_DAY, SAMPLE_TRADING_DAYS).entries()) {
    const sessionBars = nyseSessionBars(day);
    for (const [barIndex, { start, hours }] of sessionBars.entries()) {
      // Each bar's variance share: its part of the session, plus the night before the first bar.
      const intraday = ((1 - OVERNIGHT_VARIANCE_SHARE) * hours) / SESSION_HOURS;
      const overnight = barIndex === 0 && dayIndex > 0 ? OVERNIGHT_VARIANCE_SHARE : 0;
      const market = normal();
      const gapMarket = normal();
      for (const s of series) {
        const dailyVol = s.model.vol / Math.sqrt(TRADING_DAYS_PER_YEAR);
        const open = s.price * Math.exp(dailyVol * Math.sqrt(overnight) * correlated(s.model, gapMarket, normal()));
        const barVol = dailyVol * Math.sqrt(intraday);
        const drift = (s.model.drift - s.model.vol ** 2 / 2) * (intraday / TRADING_DAYS_PER_YEAR);
        const close = open * Math.exp(drift + barVol * correlated(s.model, market, normal()));
        const high = Math.max(open, close) * Math.exp(0.5 * barVol * Math.abs(normal()));
        const low = Math.min(open, close) * Math.exp(-0.5 * barVol * Math.abs(normal()));
        const share = VOLUME_PROFILE[barIndex] ?? VOLUME_PROFILE[VOLUME_PROFILE.length - 1]!;
        const volume = Math.round((s.model.dailyVolume * share * Math.exp(0.3 * normal() - 0.045)) / 100) * 100;
        s.bars.push(roundBar({ time: start, open, high, low, close, volume }, s.tick, s.model.decimals));
        s.price = close;
      }
    }
  }
  return new Map(series.map((s) => [s.model.symbol, s.bars]));
}

function correlated(model: SampleSeriesModel, market: number, own: number): number {
  const rho = model.marketCorrelation;
  return rho * market + Math.sqrt(1 - rho * rho) * own;
}

/** Rounds prices to the tick, then widens high and low so the bar stays consistent. */
function roundBar(bar: Bar, tick: number, decimals: number): Bar {
  const round = (price: number): number => Number((Math.round(price / tick) * tick).toFixed(decimals));
  const open = round(bar.open);
  const close = round(bar.close);
  return {
    time: bar.time,
    open,
    high: Math.max(round(bar.high), open, close),
    low: Math.min(round(bar.low), open, close),
    close,
    volume: bar.volume,
  };
}

/** A series in autofolio's own CSV layout, times as ISO-8601 UTC bar starts. */
export function formatBarsCsv(bars: readonly Bar[], decimals: number): string {
  const lines = ['time,open,high,low,close,volume'];
  for (const bar of bars) {
    const time = new Date(bar.time).toISOString().replace('.000Z', 'Z');
    lines.push(`${time},${bar.open.toFixed(decimals)},${bar.high.toFixed(decimals)},${bar.low.toFixed(decimals)},${bar.close.toFixed(decimals)},${bar.volume}`);
  }
  return `${lines.join('\n')}\n`;
}
