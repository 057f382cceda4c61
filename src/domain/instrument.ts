import type { Currency } from './money.js';

/** IB's security types; autofolio trades stocks/ETFs and cash FX first. */
export type SecurityType = 'STK' | 'CASH' | 'OPT' | 'FUT' | 'BAG';

export interface Instrument {
  /** autofolio's key for the instrument, unique within a config (e.g. "SPY", "XIU", "USDCAD"). */
  readonly symbol: string;
  readonly secType: SecurityType;
  /** Currency the instrument is quoted and settled in. */
  readonly currency: Currency;
  /** ISO 10383 market identifier whose calendar governs trading (XNYS, XTSE, XLON; FX for 24/5 cash FX). */
  readonly exchange: string;
  /** Quantities are whole multiples of this. */
  readonly lotSize: number;
  /** Limit prices are whole multiples of this. */
  readonly tickSize: number;
  /** Contract multiplier: value of one unit = price × multiplier. */
  readonly multiplier: number;
}

/** Market value of `quantity` units at `price`, in the instrument's currency. */
export function marketValue(instrument: Instrument, quantity: number, price: number): number {
  return quantity * price * instrument.multiplier;
}
