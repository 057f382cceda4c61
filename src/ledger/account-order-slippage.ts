import { orderSlippages, type OrderSlippage } from '../analytics/order-slippage.js';
import type { Journal } from '../cycle/journal.js';
import type { Currency } from '../domain/money.js';
import type { Fill } from '../domain/order.js';
import type { InstrumentTerms } from './entries-from.js';
import { ratesAt } from './rates-at.js';

/** What the per-order slippage of an account is read from: its journal. */
export type OrderSlippageSource = Pick<Journal, 'orderVersions' | 'fillsOfOrders' | 'referencePrices' | 'sentQuotes' | 'rates'>;

/**
 * The slippage of the orders with these tags, from everything the journal kept about them:
 * their versions, all their fills (those before a report's period or a digest's day too, so an
 * order is measured whole), their planned reference and sent quote where they predate versions,
 * and the FX rates that value each fill in the base currency. A fill whose currency has no
 * recorded rate has no value in the base currency and is left out of totals, not guessed.
 */
export async function accountOrderSlippages(source: OrderSlippageSource, tags: readonly string[], options: { readonly baseCurrency: Currency; readonly terms?: ReadonlyMap<string, Pick<InstrumentTerms, 'multiplier'>> }): Promise<OrderSlippage[]> {
  const unique = [...new Set(tags)];
  if (unique.length === 0) return [];
  const wanted = new Set(unique);
  const [versions, fills, prices, sentQuotes, rates] = await Promise.all([source.orderVersions(unique), source.fillsOfOrders(unique), source.referencePrices(unique), source.sentQuotes(), source.rates()]);
  const referencePrices = new Map<string, number>();
  for (let i = 0; i < unique.length; i++) if (prices[i] !== undefined) referencePrices.set(unique[i]!, prices[i]!);
  const sentMids = new Map(sentQuotes.filter((q) => wanted.has(q.tag)).map((q) => [q.tag, (q.bid + q.ask) / 2]));
  const valueBase = (f: Fill): number => {
    const rate = f.currency === options.baseCurrency ? 1 : ratesAt(rates, f.time)[f.currency];
    return Math.abs(f.quantity * f.price * (options.terms?.get(f.symbol)?.multiplier ?? 1)) * (rate ?? Number.NaN);
  };
  return orderSlippages({ versions, fills, referencePrices, sentMids, valueBase });
}
