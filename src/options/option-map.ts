import type { Instrument } from '../domain/instrument.js';
import { isOption, optionFromSymbol, type OptionInstrument } from '../domain/option.js';
import { expiryTime } from './paper-chain.js';

/**
 * A table by symbol that also answers for every option on its stocks: an option's terms are
 * in its symbol (domain/option.ts), so the contracts a spread trades need no entry of their own.
 * `derive` turns the option into the table's value (the instrument itself, or its ledger terms).
 */
export class OptionAwareMap<V> extends Map<string, V> {
  readonly #derive: (option: OptionInstrument) => V;
  readonly #underlyings: ReadonlyMap<string, Instrument>;
  readonly #derived = new Map<string, V | undefined>();

  constructor(entries: Iterable<readonly [string, V]>, underlyings: Iterable<Instrument>, derive: (option: OptionInstrument) => V) {
    super(entries);
    this.#derive = derive;
    this.#underlyings = new Map([...underlyings].map((i) => [i.symbol, i]));
  }

  override get(symbol: string): V | undefined {
    const own = super.get(symbol);
    if (own !== undefined || super.has(symbol)) return own;
    if (!this.#derived.has(symbol)) {
      const option = optionFromSymbol(symbol, (s) => this.#underlyings.get(s));
      this.#derived.set(symbol, option ? this.#derive(option) : undefined);
    }
    return this.#derived.get(symbol);
  }

  override has(symbol: string): boolean {
    return this.get(symbol) !== undefined;
  }
}

/** The instruments by symbol, options on them included. */
export function instrumentsWithOptions(instruments: readonly Instrument[]): OptionAwareMap<Instrument> {
  return new OptionAwareMap(instruments.map((i) => [i.symbol, i] as const), instruments, (option) => option);
}

/** Ledger terms by symbol, options on the instruments included. */
export function termsWithOptions(instruments: readonly Instrument[]): OptionAwareMap<{ currency: string; multiplier: number; pairOf?: string }> {
  // An FX pair (USDCAD) converts its first currency into the second: the ledger books it as a conversion.
  const terms = (i: Instrument) => ({ currency: i.currency, multiplier: i.multiplier, ...(i.secType === 'CASH' ? { pairOf: i.symbol.slice(0, 3) } : {}) });
  return new OptionAwareMap(instruments.map((i) => [i.symbol, terms(i)] as const), instruments, (o) => ({ currency: o.currency, multiplier: o.multiplier }));
}

/** When an option on the instruments (by symbol) stops trading (paper-chain.ts's expiryTime); undefined for anything else. */
export function optionExpiryTimes(instruments: readonly Instrument[]): (symbol: string) => number | undefined {
  const table = instrumentsWithOptions(instruments);
  return (symbol) => {
    const option = table.get(symbol);
    return option && isOption(option) ? expiryTime(option.expiry, option.exchange) : undefined;
  };
}
