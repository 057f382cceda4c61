import type { Currency, FxRates } from './money.js';

/** One foreign currency's exposure, every amount in the base currency. */
export interface FxExposureRow {
  readonly currency: Currency;
  /** Value of the assets quoted in the currency. */
  readonly assets: number;
  /** Cash held in the currency (negative: owed). */
  readonly cash: number;
  /** assets + cash: what a move of the currency against the base does to the account. */
  readonly exposure: number;
  /** (1 − ratio) × assets: the exposure the hedge policy aims at. */
  readonly target: number;
  /** Share of the assets hedged, 0 to 1; 0 for a currency the policy does not list. */
  readonly ratio: number;
}

/** A holding valued in the base currency, with the currency it is quoted in. */
export interface ValuedHolding {
  readonly currency: Currency;
  readonly value: number;
}

/**
 * The exposure per foreign currency from holdings and cash: every currency other than the base
 * that is held, owed or listed in `ratios`, in currency order. A currency without an FX rate is
 * left out: it cannot be valued, and the read of the account already failed loudly for any the
 * account holds.
 */
export function fxExposure(fx: FxRates, holdings: Iterable<ValuedHolding>, cash: Readonly<Record<Currency, number>>, ratios: Readonly<Record<Currency, number>>): FxExposureRow[] {
  const assets = new Map<Currency, number>();
  for (const holding of holdings) {
    if (holding.currency === fx.base) continue;
    assets.set(holding.currency, (assets.get(holding.currency) ?? 0) + holding.value);
  }
  const currencies = new Set<Currency>(assets.keys());
  for (const [currency, amount] of Object.entries(cash)) if (currency !== fx.base && amount !== 0) currencies.add(currency);
  for (const currency of Object.keys(ratios)) if (currency !== fx.base) currencies.add(currency);
  const rows: FxExposureRow[] = [];
  for (const currency of [...currencies].sort()) {
    if (!fx.has(currency)) continue;
    const assetValue = assets.get(currency) ?? 0;
    const cashValue = fx.toBase(cash[currency] ?? 0, currency);
    const ratio = ratios[currency] ?? 0;
    rows.push({ currency, assets: assetValue, cash: cashValue, exposure: assetValue + cashValue, target: (1 - ratio) * assetValue, ratio });
  }
  return rows;
}
