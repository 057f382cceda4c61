import type { Instrument } from '../../domain/instrument.js';

// The US ETFs list on NYSE Arca or Nasdaq, but all trade on the NYSE calendar and hours,
// which is what the exchange field selects; XIU trades in Toronto on the same hours.
const usEtf = (symbol: string): Instrument => ({ symbol, secType: 'STK', currency: 'USD', exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 });

/** The instruments of the bundled sample data, as a starter config lists them. */
export const SAMPLE_INSTRUMENTS: readonly Instrument[] = Object.freeze(
  [
    ...['SPY', 'QQQ', 'IWM', 'EFA', 'EEM', 'TLT', 'IEF', 'LQD', 'GLD', 'VNQ'].map(usEtf),
    { symbol: 'XIU', secType: 'STK', currency: 'CAD', exchange: 'XTSE', lotSize: 1, tickSize: 0.01, multiplier: 1 } satisfies Instrument,
    // CAD per USD: a CASH pair is quoted in its second currency.
    { symbol: 'USDCAD', secType: 'CASH', currency: 'CAD', exchange: 'FX', lotSize: 1, tickSize: 0.00005, multiplier: 1 } satisfies Instrument,
  ].map((instrument) => Object.freeze(instrument)),
);

/** How one synthetic series moves. */
export interface SampleSeriesModel {
  readonly symbol: string;
  /** Price on the first day (roughly the real one in November 2024). */
  readonly startPrice: number;
  /** Annualised volatility of log returns. */
  readonly vol: number;
  /** Annual drift. */
  readonly drift: number;
  /** Correlation with the common market factor; it gives the series their co-movement. */
  readonly marketCorrelation: number;
  /** Typical volume of a whole regular session, in shares (units of USD for USDCAD). */
  readonly dailyVolume: number;
  /** Decimal places written; prices are rounded to the instrument's tick. */
  readonly decimals: number;
}

// Levels, vols and volumes are of the order of the real ones in 2024–2025; bonds move a little
// against the equity factor, gold barely with it, and USDCAD rises when equities fall.
export const SAMPLE_MODELS: readonly SampleSeriesModel[] = Object.freeze([
  { symbol: 'SPY', startPrice: 590, vol: 0.16, drift: 0.08, marketCorrelation: 0.97, dailyVolume: 55_000_000, decimals: 2 },
  { symbol: 'QQQ', startPrice: 505, vol: 0.21, drift: 0.1, marketCorrelation: 0.92, dailyVolume: 38_000_000, decimals: 2 },
  { symbol: 'IWM', startPrice: 230, vol: 0.22, drift: 0.06, marketCorrelation: 0.82, dailyVolume: 30_000_000, decimals: 2 },
  { symbol: 'EFA', startPrice: 78, vol: 0.15, drift: 0.06, marketCorrelation: 0.78, dailyVolume: 15_000_000, decimals: 2 },
  { symbol: 'EEM', startPrice: 44, vol: 0.18, drift: 0.05, marketCorrelation: 0.7, dailyVolume: 25_000_000, decimals: 2 },
  { symbol: 'TLT', startPrice: 93, vol: 0.15, drift: 0.02, marketCorrelation: -0.25, dailyVolume: 35_000_000, decimals: 2 },
  { symbol: 'IEF', startPrice: 94, vol: 0.07, drift: 0.03, marketCorrelation: -0.2, dailyVolume: 8_000_000, decimals: 2 },
  { symbol: 'LQD', startPrice: 109, vol: 0.08, drift: 0.04, marketCorrelation: 0.2, dailyVolume: 10_000_000, decimals: 2 },
  { symbol: 'GLD', startPrice: 245, vol: 0.15, drift: 0.07, marketCorrelation: 0.1, dailyVolume: 8_000_000, decimals: 2 },
  { symbol: 'VNQ', startPrice: 95, vol: 0.19, drift: 0.05, marketCorrelation: 0.7, dailyVolume: 5_000_000, decimals: 2 },
  { symbol: 'XIU', startPrice: 38, vol: 0.13, drift: 0.07, marketCorrelation: 0.8, dailyVolume: 2_500_000, decimals: 2 },
  { symbol: 'USDCAD', startPrice: 1.36, vol: 0.05, drift: 0, marketCorrelation: -0.3, dailyVolume: 2_000_000_000, decimals: 5 },
].map((model) => Object.freeze(model)));
