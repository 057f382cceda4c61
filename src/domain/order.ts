export type Side = 'BUY' | 'SELL';

/** An order autofolio means to send. The tag is `<runId>:<symbol>` and travels as IB's orderRef. */
export interface OrderIntent {
  readonly tag: string;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly limitPrice: number;
  /** The price the plan was made at (mid quote), for slippage and the price band check. */
  readonly referencePrice: number;
}

export type OrderStatus = 'submitted' | 'partially-filled' | 'filled' | 'cancelled' | 'rejected';

export const TERMINAL_ORDER_STATUSES: ReadonlySet<OrderStatus> = new Set(['filled', 'cancelled', 'rejected']);

/** An order as the broker knows it. */
export interface BrokerOrder {
  readonly brokerId: string;
  readonly tag: string;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly limitPrice: number;
  readonly filledQuantity: number;
  readonly status: OrderStatus;
  readonly rejectReason?: string;
}

/** One execution. `execId` is unique per broker and makes recording idempotent. */
export interface Fill {
  readonly execId: string;
  readonly brokerOrderId: string;
  readonly tag: string;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly price: number;
  readonly commission: number;
  /** Currency of price and commission. */
  readonly currency: string;
  /** Epoch ms UTC. */
  readonly time: number;
}

/**
 * Where a recorded fill comes from, told by its execution id: a broker's execution report, a
 * fill autofolio had to infer from the broker's completed orders (its execution reports were
 * gone: the quantity is certain, the price is not), or a trade made outside autofolio that the
 * owner adopted (`autofolio ledger adopt`). The ids autofolio makes start with their origin.
 */
export type FillOrigin = 'execution' | 'inferred' | 'external';

export const INFERRED_EXEC_PREFIX = 'inferred:';
export const EXTERNAL_EXEC_PREFIX = 'external:';

export function fillOrigin(execId: string): FillOrigin {
  if (execId.startsWith(INFERRED_EXEC_PREFIX)) return 'inferred';
  if (execId.startsWith(EXTERNAL_EXEC_PREFIX)) return 'external';
  return 'execution';
}

export function orderTag(runId: string, symbol: string): string {
  // Joined, not a template: a template makes a tree of two pieces that V8 copies into one string
  // at every hash (the tag is a key of several maps) and every print of it, and that the
  // collector walks for as long as the order is kept (a backtest keeps tens of thousands).
  return [runId, symbol].join(':');
}

/** Splits a tag back into run id and symbol; undefined for orders autofolio did not make. */
export function parseOrderTag(tag: string): { runId: string; symbol: string } | undefined {
  const match = /^(r-[0-9A-Za-z-]+):(.+)$/.exec(tag);
  return match ? { runId: match[1]!, symbol: match[2]! } : undefined;
}

export function signedQuantity(side: Side, quantity: number): number {
  return side === 'BUY' ? quantity : -quantity;
}
