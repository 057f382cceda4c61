import type { LoadedConfig } from '../config/load.js';
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
