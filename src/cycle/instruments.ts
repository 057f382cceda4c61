import type { LoadedConfig } from '../config/load.js';
import type { AccountSnapshot } from '../domain/account.js';
import type { Instrument } from '../domain/instrument.js';
import { termsWithOptions } from '../options/option-map.js';

interface InstrumentFacts {
  readonly tradable: readonly Instrument[];
  readonly fxPairs: readonly Instrument[];
  readonly currencies: readonly string[];
  readonly tradableSymbols: ReadonlySet<string>;
  readonly tradableAndPairs: readonly Instrument[];
}

// A config's instruments never change while it is loaded, and every run asks for the same
// facts of them several times: they are worked out once per list (a backtest runs thousands of
// cycles over hundreds of instruments). Frozen, because every caller shares them.
const factsOf = new WeakMap<readonly Instrument[], InstrumentFacts>();

function instrumentFacts(config: LoadedConfig): InstrumentFacts {
  let facts = factsOf.get(config.instruments);
  if (!facts) {
    const tradable = Object.freeze(config.instruments.filter((i) => i.secType !== 'CASH'));
    const fxPairs = Object.freeze(config.instruments.filter((i) => i.secType === 'CASH'));
    facts = {
      tradable,
      fxPairs,
      currencies: Object.freeze([...new Set(tradable.map((i) => i.currency))]),
      tradableSymbols: new Set(tradable.map((i) => i.symbol)),
      tradableAndPairs: Object.freeze([...tradable, ...fxPairs]),
    };
    factsOf.set(config.instruments, facts);
  }
  return facts;
}

/** Instruments the strategy may hold (not the FX pairs that only convert currencies). */
export function tradableInstruments(config: LoadedConfig): readonly Instrument[] {
  return instrumentFacts(config).tradable;
}

/** The symbols of tradableInstruments, shared: not to be changed. */
export function tradableSymbols(config: LoadedConfig): ReadonlySet<string> {
  return instrumentFacts(config).tradableSymbols;
}

export function instrumentCurrencies(config: LoadedConfig): readonly string[] {
  return instrumentFacts(config).currencies;
}

/** What the ledger needs to book a symbol: its currency and multiplier; an unknown symbol counts in the base currency, one unit each. */
export function instrumentTerms(config: LoadedConfig): (symbol: string) => { currency: string; multiplier: number } {
  const bySymbol = termsWithOptions(config.instruments);
  return (symbol) => bySymbol.get(symbol) ?? { currency: config.account.baseCurrency, multiplier: 1 };
}

/**
 * The tradable instruments and then the FX pairs, one shared list: the risk gate indexes the
 * instruments it is given once per list, so every run handing it this one indexes it once.
 */
export function tradableAndFxPairs(config: LoadedConfig): readonly Instrument[] {
  return instrumentFacts(config).tradableAndPairs;
}

/** The FX pairs (secType CASH) that convert currencies and hedge them. */
export function fxPairs(config: LoadedConfig): readonly Instrument[] {
  return instrumentFacts(config).fxPairs;
}

/**
 * The instruments a run quotes: the tradable ones, and the FX pairs when anything is held or
 * traded outside the base currency (the FX hedge trades them). An account in one currency
 * reads no pair quote.
 */
export function quotedInstruments(config: LoadedConfig, account: AccountSnapshot): readonly Instrument[] {
  const facts = instrumentFacts(config);
  const base = config.account.baseCurrency;
  // The instruments' currencies, each once, rather than every instrument at every run.
  const foreign = Object.keys(config.fxHedge.ratios).length > 0 || facts.currencies.some((c) => c !== base) || Object.entries(account.cash).some(([c, amount]) => c !== base && amount !== 0);
  // The shared lists, not a copy per run: a broker that indexes the lists it is given indexes these once.
  return foreign ? facts.tradableAndPairs : facts.tradable;
}
