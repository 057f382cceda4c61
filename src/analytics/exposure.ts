import type { HoldingsPoint } from './fx-effect.js';

/** What the positions were worth at the end of one date, in the base currency. */
export interface ExposurePoint {
  readonly date: string;
  /** Σ |position value|: longs and shorts both add. */
  readonly gross: number;
  /** Σ position value, shorts negative. */
  readonly net: number;
}

/** Gross and net exposure of each holdings point, each position at its price and its currency's rate. */
export function exposureOfHoldings(holdings: readonly HoldingsPoint[]): ExposurePoint[] {
  return holdings.map((h) => {
    let gross = 0;
    let net = 0;
    for (const p of h.positions) {
      const value = p.quantity * p.price * (p.multiplier ?? 1) * (h.rates[p.currency] ?? 1);
      gross += Math.abs(value);
      net += value;
    }
    return { date: h.date, gross, net };
  });
}

/**
 * Gross leverage (gross / equity) and net exposure (net / equity) at each equity date: the
 * exposure of the same date, NaN where none was recorded or the equity is not positive.
 */
export function exposureRatios(dates: readonly string[], equity: readonly number[], exposure: readonly ExposurePoint[]): { leverage: number[]; net: number[] } {
  const byDate = new Map(exposure.map((e) => [e.date, e]));
  const leverage: number[] = [];
  const net: number[] = [];
  dates.forEach((date, i) => {
    const e = byDate.get(date);
    const value = equity[i]!;
    leverage.push(e && value > 0 ? e.gross / value : Number.NaN);
    net.push(e && value > 0 ? e.net / value : Number.NaN);
  });
  return { leverage, net };
}
