import type { Broker } from '../../brokers/broker.js';
import type { AccountSnapshot } from '../../domain/account.js';
import { fromMinor } from '../../domain/money.js';
import { INFERRED_EXEC_PREFIX, parseOrderTag, signedQuantity, type BrokerOrder, type Fill } from '../../domain/order.js';
import { fillEntry, type InstrumentTerms } from '../../ledger/entries-from.js';
import type { LedgerBook } from '../../ledger/ledger-book.js';
import type { LedgerEntry } from '../../ledger/ledger-entry.js';
import { priceDifferences } from '../../ledger/price-differences.js';
import { reconcile, type ReconcileTolerance } from '../../ledger/reconcile.js';
import { allRecordedFills, type Journal } from '../journal.js';

interface Missing {
  readonly order: BrokerOrder;
  readonly quantity: number;
}

const clean = (quantity: number): number => Number(quantity.toPrecision(12));

/**
 * Fills the broker still shows in its completed orders but no longer reports as executions
 * (IB reports the current day's executions only, and forgets them when its gateway restarts):
 * an own order filled beyond what the journal recorded of it. They are recorded as inferred
 * fills (execution id `inferred:<tag>:<filled>`), never passed off as execution reports: the
 * quantity is the broker's, the price is not known. With the ledger open, an order's missing
 * fills are taken only where they explain its symbol's position difference exactly, and are
 * priced by the cash that moved in their currency (commission included) where that fits,
 * else at their limit; before the ledger opens (its database lost) they are recorded at their
 * limit, inside the opening that the broker's account gives. Returns the fills inferred.
 */
export async function inferMissingFills(input: {
  readonly broker: Broker;
  readonly journal: Journal;
  readonly ledger: LedgerBook;
  readonly runId: string;
  readonly now: number;
  readonly account: AccountSnapshot;
  readonly terms: (symbol: string) => InstrumentTerms;
  readonly tolerance: ReconcileTolerance;
}): Promise<Fill[]> {
  const { journal, ledger, runId, now } = input;
  const completed = (await input.broker.completedOrders()).filter((o) => parseOrderTag(o.tag) && o.filledQuantity > 0);
  if (completed.length === 0) return [];
  const recorded = new Map<string, number>();
  for (const fill of await allRecordedFills(journal)) recorded.set(fill.tag, (recorded.get(fill.tag) ?? 0) + fill.quantity);
  const missing: Missing[] = completed.map((order) => ({ order, quantity: clean(order.filledQuantity - (recorded.get(order.tag) ?? 0)) })).filter((m) => m.quantity > 0);
  if (missing.length === 0) return [];

  const state = await ledger.state();
  if (!state.opened) {
    const fills = missing.map((m) => inferredFill(m, m.order.limitPrice, input.terms(m.order.symbol).currency, now));
    return (await journal.record({ fills: { runId, fills } })).fills;
  }
  const lines = reconcile(state, input.account, input.tolerance).lines;
  const bySymbol = new Map<string, Missing[]>();
  for (const m of missing) bySymbol.set(m.order.symbol, [...(bySymbol.get(m.order.symbol) ?? []), m]);
  const explained = lines.filter((line) => {
    const orders = line.kind === 'position' ? bySymbol.get(line.key) : undefined;
    return orders !== undefined && Math.abs(orders.reduce((sum, m) => sum + signedQuantity(m.order.side, m.quantity), 0) - line.difference) < 1e-9;
  });
  if (explained.length === 0) return [];
  const limitOf = (symbol: string) => {
    const orders = bySymbol.get(symbol)!;
    return orders.reduce((sum, m) => sum + m.order.limitPrice * m.quantity, 0) / orders.reduce((sum, m) => sum + m.quantity, 0);
  };
  const { priced } = priceDifferences({ lines: [...explained, ...lines.filter((l) => l.kind === 'cash')], terms: input.terms, referencePrice: (line) => limitOf(line.key) });
  const fills: Fill[] = [];
  const entries: LedgerEntry[] = [];
  for (const p of priced) {
    const orders = bySymbol.get(p.line.key)!;
    const total = orders.reduce((sum, m) => sum + m.quantity, 0);
    let left = p.valueMinor;
    orders.forEach((m, i) => {
      const valueMinor = i === orders.length - 1 ? left : Math.round((p.valueMinor * m.quantity) / total);
      left -= valueMinor;
      const fill = inferredFill(m, fromMinor(valueMinor, p.terms.currency) / (m.quantity * p.terms.multiplier), p.terms.currency, now);
      fills.push(fill);
      entries.push({ ...fillEntry(fill, p.terms), amountMinor: valueMinor, note: `inferred from the broker's completed order ${m.order.tag}: its execution reports were gone; priced ${p.pricedBy === 'cash' ? 'by the cash it moved (commission included)' : 'at its limit'}` });
    });
  }
  const recordedNow = await journal.record({ fills: { runId, fills }, ledger: entries });
  return recordedNow.fills;
}

function inferredFill(m: Missing, price: number, currency: string, time: number): Fill {
  const { order } = m;
  return { execId: `${INFERRED_EXEC_PREFIX}${order.tag}:${order.filledQuantity}`, brokerOrderId: order.brokerId, tag: order.tag, symbol: order.symbol, side: order.side, quantity: m.quantity, price, commission: 0, currency, time };
}
