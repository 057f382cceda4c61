import type { AnalyticsInput } from './compute-metrics.js';

/** One execution as analytics sees it: enough to value it, cost it and measure its slippage. */
export interface FillObservation {
  /** ISO 8601 time or epoch ms. */
  readonly time: string | number;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  /** Fill price in the instrument's currency. */
  readonly price: number;
  /** Commission in the instrument's currency. */
  readonly commission: number;
  readonly currency: string;
  /** Value of one unit of `currency` in the base currency at the fill; 1 for the base currency. */
  readonly fxRate?: number;
  /** Contract multiplier; 1 for stocks. */
  readonly multiplier?: number;
  /** The mid quote the plan was made at (the order's reference price). */
  readonly referencePrice?: number;
  /** The mid quote read just before the order was sent. */
  readonly sentPrice?: number;
}

/** |quantity × price × multiplier| in the base currency. */
export function fillValueBase(fill: FillObservation): number {
  return Math.abs(fill.quantity * fill.price * (fill.multiplier ?? 1)) * (fill.fxRate ?? 1);
}

/**
 * The fills with the reference prices and FX rates given beside them put in, for the tables and
 * charts that show each fill: the fills themselves when nothing is given beside them.
 */
export function observedFills(input: Pick<AnalyticsInput, 'fills' | 'fillReferencePrices' | 'fillFxRates'>): readonly FillObservation[] {
  const fills = input.fills ?? [];
  const { fillReferencePrices: references, fillFxRates: rates } = input;
  if (!references && !rates) return fills;
  return fills.map((fill, i) => ({ ...fill, referencePrice: fill.referencePrice ?? references?.[i], fxRate: fill.fxRate ?? rates?.[i] }));
}
