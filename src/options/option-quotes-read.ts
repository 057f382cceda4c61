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
  const table = instrumentsWithOptions(configured);
  const options = view.account.positions.flatMap((p) => {
    const instrument = p.quantity !== 0 && !view.quotes.has(p.symbol) ? table.get(p.symbol) : undefined;
    return instrument?.secType === 'OPT' ? [instrument] : [];
  });
  if (options.length === 0) return view;
  const quotes = await broker.quotes(options);
  return { ...view, quotes: new Map([...view.quotes, ...quotes.map((q) => [q.symbol, q] as const)]) };
}
