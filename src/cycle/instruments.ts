import type { LoadedConfig } from '../config/load.js';
import type { AccountSnapshot } from '../domain/account.js';
import type { Instrument } from '../domain/instrument.js';
import { termsWithOptions } from '../options/option-map.js';

/** Instruments the strategy may hold (not the FX pairs that only convert currencies). */
export function tradableInstruments(config: LoadedConfig): Instrument[] {
  return config.instruments.filter((i) => i.secType !== 'CASH');
}

export function instrumentCurrencies(config: LoadedConfig): string[] {
  return [...new Set(config.instruments.filter((i) => i.secType !== 'CASH').map((i) => i.currency))];
}

/** What the ledger needs to book a symbol: its currency and multiplier; an unknown symbol counts in the base currency, one unit each. */
export function instrumentTerms(config: LoadedConfig): (symbol: string) => { currency: string; multiplier: number } {
  const bySymbol = termsWithOptions(config.instruments);
  return (symbol) => bySymbol.get(symbol) ?? { currency: config.account.baseCurrency, multiplier: 1 };
}

/** The FX pairs (secType CASH) that convert currencies and hedge them. */
export function fxPairs(config: LoadedConfig): Instrument[] {
  return config.instruments.filter((i) => i.secType === 'CASH');
}

/**
 * The instruments a run quotes: the tradable ones, and the FX pairs when anything is held or
 * traded outside the base currency (the FX hedge trades them). An account in one currency
 * reads no pair quote.
 */
export function quotedInstruments(config: LoadedConfig, account: AccountSnapshot): Instrument[] {
  const tradable = tradableInstruments(config);
  const base = config.account.baseCurrency;
  const foreign = Object.keys(config.fxHedge.ratios).length > 0 || tradable.some((i) => i.currency !== base) || Object.entries(account.cash).some(([c, amount]) => c !== base && amount !== 0);
  return foreign ? [...tradable, ...fxPairs(config)] : tradable;
}
