import type { Contract } from '@stoqey/ib';
import type { Instrument } from '../../domain/instrument.js';
import { symbolOf } from './ib-orders.js';

/**
 * autofolio's symbol for a contract IB reports (a position, an execution, a portfolio update):
 * the first configured instrument it is, else IB's own symbol (an FX pair's as "EURUSD").
 * Looked up in maps made once, not by a scan of the instruments per contract: an account of
 * 500 names gets 500 portfolio updates and as many executions in a run, and a scan each made
 * that a quarter of a million comparisons.
 */
export class ContractSymbols {
  /** First instrument index by symbol and currency (any kind matches a contract of that symbol and currency). */
  readonly #bySymbolCurrency = new Map<string, number>();
  /** First FX pair's index by its symbol ("USDCAD"), which a CASH contract gives as symbol + currency. */
  readonly #pairs = new Map<string, number>();
  readonly #instruments: readonly Instrument[];

  constructor(instruments: readonly Instrument[]) {
    this.#instruments = instruments;
    instruments.forEach((instrument, index) => {
      const map = instrument.secType === 'CASH' ? this.#pairs : this.#bySymbolCurrency;
      const key = instrument.secType === 'CASH' ? instrument.symbol : keyOf(instrument.symbol, instrument.currency);
      if (!map.has(key)) map.set(key, index);
    });
  }

  symbolFor(contract: Contract): string {
    if (contract.secType === 'OPT') return symbolOf(contract);
    const asListed = contract.symbol === undefined || contract.currency === undefined ? undefined : this.#bySymbolCurrency.get(keyOf(contract.symbol, contract.currency));
    const asPair = contract.secType === 'CASH' ? this.#pairs.get(`${contract.symbol}${contract.currency}`) : undefined;
    const index = asListed === undefined ? asPair : asPair === undefined ? asListed : Math.min(asListed, asPair);
    const match = index === undefined ? undefined : this.#instruments[index];
    return match?.symbol ?? (contract.secType === 'CASH' ? `${contract.symbol}${contract.currency}` : (contract.symbol ?? ''));
  }
}

// A NUL cannot occur in a symbol or a currency code, so no two pairs share a key.
function keyOf(symbol: string, currency: string): string {
  return `${symbol}\u0000${currency}`;
}
