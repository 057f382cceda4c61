/** The part of an order a one-line description shows; an OrderIntent or a BrokerOrder both fit. */
interface DescribedOrder {
  readonly side: string;
  readonly quantity: number;
  readonly symbol: string;
  readonly tag: string;
}

/** "SELL 280 SPY (r-…:SPY), BUY 90 XIU (r-…:XIU)": orders as a run's problems and journal name them. */
export function describeOrders(orders: readonly DescribedOrder[]): string {
  return orders.map((o) => `${o.side} ${o.quantity} ${o.symbol} (${o.tag})`).join(', ');
}
