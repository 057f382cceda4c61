import type { LoadedConfig } from '../config/load.js';
import type { Journal } from '../cycle/journal.js';
import { effectiveTime } from '../data/adjusted-series.js';
import type { MarketData } from '../data/market-data.js';
import type { AccountSnapshot } from '../domain/account.js';
import type { Quote } from '../domain/bar.js';
import type { FxRates } from '../domain/money.js';
import type { Fill, OrderIntent } from '../domain/order.js';
import type { EffectiveAction } from './corporate-action-entries.js';
import type { LedgerBook } from './ledger-book.js';
import type { LedgerEntry } from './ledger-entry.js';
import { ReconcileMismatchError, type Reconciliation, type ReconcileTolerance } from './reconcile.js';

/**
 * The cycle's reconcile step: books nothing itself (fills came in through collect-own-fills),
 * records the FX rates the run saw with the ledger's opening the first time (one unit), and
 * throws when the ledger and the broker disagree beyond tolerance, which raises the run's
 * error flag so that no order is sent and the alert lists each difference.
 */
export async function reconcileStep(
  ledger: LedgerBook,
  view: { account: AccountSnapshot; fx: FxRates },
  tolerance: ReconcileTolerance,
  now: number,
  recordedFills: () => Promise<readonly Fill[]>,
): Promise<Reconciliation> {
  const rates = { time: now, rates: Object.fromEntries(view.fx.entries()) };
  const result = await ledger.reconcile(view.account, tolerance, now, async () => (await recordedFills()).map((f) => f.execId), { rates });
  if (!result.ok) throw new ReconcileMismatchError(result.differences);
  return result;
}

/**
 * Keeps, for slippage against "the quote when sent", the quote each order was planned on: the
 * run reads one quote per instrument, and the plan's quote is the order's arrival quote (a
 * second read would cost a message per order at the broker's rate, for a price that moved
 * little in the seconds between). Best effort by design: analytics must never stop an order
 * that passed every safety check. Returns the quotes kept: the orders' arrival prices.
 */
export async function recordSentQuotes(journal: Journal, orders: readonly OrderIntent[], planned: ReadonlyMap<string, Quote>, now: number): Promise<ReadonlyMap<string, Quote>> {
  const sentQuotes = orders.flatMap((o) => {
    const q = planned.get(o.symbol);
    return q ? [{ tag: o.tag, time: now, bid: q.bid, ask: q.ask }] : [];
  });
  try {
    if (sentQuotes.length > 0) await journal.record({ sentQuotes });
  } catch {
    // Losing a slippage sample is better than not sending a checked order.
  }
  return planned;
}

/**
 * Books the splits and dividends of the instruments' actions files that have taken effect by
 * `now` (their ex-date's first bar has started), before the ledger is compared with the broker:
 * the broker books them on the ex-date, so the ledger must too. Each is booked once; a source
 * without actions (IB's history) books none. Returns the entries recorded.
 */
export async function bookCorporateActions(ledger: LedgerBook, marketData: MarketData, config: LoadedConfig, now: number): Promise<LedgerEntry[]> {
  const effective: EffectiveAction[] = [];
  for (const instrument of config.instruments) {
    if (instrument.secType === 'CASH') continue;
    const actions = await marketData.actions(instrument.symbol);
    if (actions.length === 0) continue;
    const bars = await marketData.bars(instrument.symbol, now);
    for (const action of actions) {
      if (action.time > now) break;
      const time = effectiveTime(bars, action);
      if (time !== undefined) effective.push({ symbol: instrument.symbol, action, time });
    }
  }
  return ledger.bookActions(effective, config.broker.kind === 'paper' ? config.broker.dividendWithholdingPct : 0);
}
