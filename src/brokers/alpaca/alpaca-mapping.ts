import type { AccountSnapshot } from '../../domain/account.js';
import type { Quote } from '../../domain/bar.js';
import type { Fill } from '../../domain/order.js';
import { BrokerError } from '../broker.js';
import { decimal, instant, type AlpacaAccount, type AlpacaFillActivity, type AlpacaPosition, type AlpacaQuote, type AlpacaTrade } from './alpaca-wire.js';

/** The account as the Broker port shows it: equity is Alpaca's net liquidation value. */
export function toAccountSnapshot(account: AlpacaAccount, positions: readonly AlpacaPosition[]): AccountSnapshot {
  return {
    accountId: account.account_number,
    baseCurrency: account.currency,
    netLiquidation: decimal(account.equity, 'account equity'),
    cash: { [account.currency]: decimal(account.cash, 'account cash') },
    positions: positions.map((p) => {
      const quantity = Math.abs(decimal(p.qty, `position ${p.symbol} qty`));
      return { symbol: p.symbol, quantity: p.side === 'short' ? -quantity : quantity, avgCost: decimal(p.avg_entry_price, `position ${p.symbol} avg_entry_price`) };
    }),
  };
}

/**
 * A latest quote; without both sides, the last trade as a price-only quote (it values a position,
 * the risk gate will not trade on it). Alpaca's latest quote has no last price: the mid stands in.
 */
export function toQuote(symbol: string, quote: AlpacaQuote | undefined, trade: AlpacaTrade | undefined): Quote {
  if (quote && quote.bp > 0 && quote.ap > 0) {
    return { symbol, bid: quote.bp, ask: quote.ap, last: (quote.bp + quote.ap) / 2, time: instant(quote.t, `quote ${symbol} t`) };
  }
  if (trade && trade.p > 0) return { symbol, bid: trade.p, ask: trade.p, last: trade.p, time: instant(trade.t, `trade ${symbol} t`), priceOnly: 'last' };
  throw new BrokerError(`Alpaca has no quote and no trade for ${symbol} on this feed: check the symbol, or broker.feed`, 'operational', 'no-quote');
}

/**
 * One fill activity as an execution of autofolio's order `brokerOrderId` (the first order of its
 * chain). Alpaca charges no commission on US stocks; its regulatory fees are separate activities.
 */
export function toFill(activity: AlpacaFillActivity, brokerOrderId: string, tag: string): Fill {
  return {
    execId: activity.id,
    brokerOrderId,
    tag,
    symbol: activity.symbol,
    side: activity.side === 'buy' ? 'BUY' : 'SELL',
    quantity: decimal(activity.qty, `fill ${activity.id} qty`),
    price: decimal(activity.price, `fill ${activity.id} price`),
    commission: 0,
    currency: 'USD',
    time: instant(activity.transaction_time, `fill ${activity.id} transaction_time`),
  };
}
