import type { FillObservation } from './fill-observation.js';
import { slippageBps } from './slippage.js';

/** What the metrics sum over the fills. */
export interface FillTotals {
  /** Σ |traded value| in the base currency. */
  readonly traded: number;
  /** Commission paid, in the base currency: each fill's at its own rate. */
  readonly commissions: number;
  /**
   * Commission paid in each currency, in that currency, currencies in alphabetical order: sums of
   * USD and CAD are different money, so they are never added without a rate.
   */
  readonly commissionsByCurrency: Record<string, number>;
  /**
   * Value-weighted mean slippage in bps against the reference price and against the sent mid,
   * over the fills that have that price (a cost positive); NaN if none has. What is left out (no
   * benchmark price, no value) neither counts as zero nor moves the mean.
   */
  readonly slippageBps: number;
  readonly slippageVsSentBps: number;
}

/**
 * Every sum the metrics take over the fills, in one pass and without an object per fill: a long
 * backtest has tens of thousands of fills, walked once after its last run, before the code
 * walking them is optimised, so that five walks cost five times one. Each sum adds the fills
 * in their order, as a sum of its own would. `referencePrices[i]` and `fxRates[i]` stand for what
 * fill i does not carry itself (AnalyticsInput's fillReferencePrices and fillFxRates).
 */
export function fillTotals(fills: readonly FillObservation[], referencePrices?: readonly (number | undefined)[], fxRates?: readonly (number | undefined)[]): FillTotals {
  let traded = 0;
  let commissions = 0;
  const byCurrency = new Map<string, number>();
  let referenceWeight = 0;
  let referenceSum = 0;
  let sentWeight = 0;
  let sentSum = 0;
  // The commission of the currency met last, summed aside: the fills of an account mostly share
  // one currency, and two look-ups of the map per fill were much of a walk that runs unoptimised.
  // Each currency's sum still adds its fills in their order.
  let currency: string | undefined;
  let currencyCommission = 0;
  // Indexed: the walk runs before it is optimised, where for-of made an iterator result per fill.
  for (let i = 0; i < fills.length; i++) {
    const fill = fills[i]!;
    const fxRate = fill.fxRate ?? fxRates?.[i];
    // fillValueBase's product, with the rate given beside the fill when it has none of its own.
    const valueBase = Math.abs(fill.quantity * fill.price * (fill.multiplier ?? 1)) * (fxRate ?? 1);
    traded += valueBase;
    commissions += fill.commission * (fxRate ?? 1);
    if (fill.currency !== currency) {
      if (currency !== undefined) byCurrency.set(currency, currencyCommission);
      currency = fill.currency;
      currencyCommission = byCurrency.get(currency) ?? 0;
    }
    currencyCommission += fill.commission;
    // A value that cannot be known (no FX rate) leaves the fill out of the means rather than weigh it wrongly.
    if (!Number.isFinite(valueBase)) continue;
    const reference = slippageBps(fill, fill.referencePrice ?? referencePrices?.[i]);
    if (reference !== undefined && Number.isFinite(reference)) {
      referenceWeight += valueBase;
      referenceSum += reference * valueBase;
    }
    const sent = slippageBps(fill, fill.sentPrice);
    if (sent !== undefined && Number.isFinite(sent)) {
      sentWeight += valueBase;
      sentSum += sent * valueBase;
    }
  }
  if (currency !== undefined) byCurrency.set(currency, currencyCommission);
  return {
    traded,
    commissions,
    commissionsByCurrency: Object.fromEntries([...byCurrency].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    slippageBps: referenceWeight > 0 ? referenceSum / referenceWeight : Number.NaN,
    slippageVsSentBps: sentWeight > 0 ? sentSum / sentWeight : Number.NaN,
  };
}
