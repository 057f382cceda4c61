import type { Currency } from './money.js';

export interface Position {
  readonly symbol: string;
  /** Signed: negative is short. */
  readonly quantity: number;
  /** Average cost per unit in the instrument's currency (price × multiplier basis excluded). */
  readonly avgCost: number;
  /**
   * The broker's own mark per unit of price, in the instrument's currency, where its account
   * read brings one (IB's portfolio updates): a snapshot values the position at it without a
   * quote request. Absent where the broker has none (the paper broker values at its quotes).
   */
  readonly marketPrice?: number;
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
