import type { Currency } from './money.js';

export interface Position {
  readonly symbol: string;
  /** Signed: negative is short. */
  readonly quantity: number;
  /** Average cost per unit in the instrument's currency (price × multiplier basis excluded). */
  readonly avgCost: number;
}

/** What the broker says the account holds, at one moment. */
export interface AccountSnapshot {
  readonly accountId: string;
  readonly baseCurrency: Currency;
  /** Net liquidation value in the base currency. */
  readonly netLiquidation: number;
  /** Cash balance per currency (may be negative where the broker lends). */
  readonly cash: Readonly<Record<Currency, number>>;
  readonly positions: readonly Position[];
}
