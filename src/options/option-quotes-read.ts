import type { Broker } from '../brokers/broker.js';
import type { AccountSnapshot } from '../domain/account.js';
import type { Quote } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import { instrumentsWithOptions } from './option-map.js';

/**
 * The market view with a quote of every option the account holds, so that the snapshot values
 * the legs of its spreads at the market (premium × multiplier), not at cost.
 */
export async function withOptionQuotes<V extends { readonly account: AccountSnapshot; readonly quotes: ReadonlyMap<string, Quote> }>(broker: Broker, view: V, configured: readonly Instrument[]): Promise<V> {
  const options = heldOptionInstruments(view.account.positions, configured).filter((o) => !view.quotes.has(o.symbol));
  if (options.length === 0) return view;
  const quotes = await broker.quotes(options);
  return { ...view, quotes: new Map([...view.quotes, ...quotes.map((q) => [q.symbol, q] as const)]) };
}

/** The option contracts among the positions, on the configured instruments. */
export function heldOptionInstruments(positions: AccountSnapshot['positions'], configured: readonly Instrument[]): Instrument[] {
  const table = instrumentsWithOptions(configured);
  return positions.flatMap((p) => {
    const instrument = p.quantity !== 0 ? table.get(p.symbol) : undefined;
    return instrument?.secType === 'OPT' ? [instrument] : [];
  });
}
