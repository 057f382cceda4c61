import { randomUUID } from 'node:crypto';

// The account, quotes, orders and fill activities of the Alpaca stand-in, and its matching: a
// limit order that crosses the stand-in's quote fills at once, in full, at the touch; one that
// does not rests until the quote moves through it, it is replaced through the quote, or it is
// cancelled. Numbers are kept as numbers here and turned into Alpaca's decimal strings on the wire.

export interface BookOrder {
  readonly id: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  readonly limitPrice: number;
  readonly timeInForce: string;
  readonly createdAt: number;
  readonly replaces: string | null;
  status: string;
  filledQty: number;
  filledAvgPrice: number | null;
  filledAt: number | null;
  replacedBy: string | null;
  replacedAt: number | null;
  canceledAt: number | null;
}

export interface BookActivity {
  readonly id: string;
  readonly time: number;
  readonly orderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  readonly price: number;
  readonly cumQty: number;
  readonly leavesQty: number;
  readonly orderStatus: string;
}

export interface BookPosition {
  qty: number;
  avgEntryPrice: number;
}

/** Why Alpaca would refuse a request: its HTTP status and error body. */
export class AlpacaRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const OPEN = new Set(['new', 'partially_filled', 'accepted', 'pending_new']);

export function isOpen(order: BookOrder): boolean {
  return OPEN.has(order.status);
}

export class AlpacaBook {
  readonly accountNumber: string;
  cash: number;
  status = 'ACTIVE';
  tradingBlocked = false;
  accountBlocked = false;
  marketOpen = true;
  readonly positions = new Map<string, BookPosition>();
  readonly quotes = new Map<string, { bid: number; ask: number }>();
  readonly orders: BookOrder[] = [];
  readonly activities: BookActivity[] = [];
  /** The stand-in's time: the wall clock, or a run's data clock that a test sets. */
  now: () => number;

  constructor(options: { accountNumber?: string; cash: number; quotes: Record<string, { bid: number; ask: number }>; now?: () => number }) {
    this.accountNumber = options.accountNumber ?? 'PA1STANDIN00';
    this.cash = options.cash;
    for (const [symbol, quote] of Object.entries(options.quotes)) this.quotes.set(symbol, quote);
    this.now = options.now ?? Date.now;
  }

  order(id: string): BookOrder | undefined {
    return this.orders.find((o) => o.id === id);
  }

  byClientOrderId(clientOrderId: string): BookOrder | undefined {
    return this.orders.find((o) => o.clientOrderId === clientOrderId);
  }

  equity(): number {
    let value = this.cash;
    for (const [symbol, position] of this.positions) value += position.qty * this.#mid(symbol);
    return value;
  }

  /** Cash less what open buys would spend: a cash account's buying power. */
  buyingPower(): number {
    const committed = this.orders.filter((o) => isOpen(o) && o.side === 'buy').reduce((sum, o) => sum + (o.qty - o.filledQty) * o.limitPrice, 0);
    return Math.max(0, this.cash - committed);
  }

  place(input: { symbol: string; qty: number; side: 'buy' | 'sell'; limitPrice: number; timeInForce: string; clientOrderId: string; replaces?: BookOrder }): BookOrder {
    if (this.byClientOrderId(input.clientOrderId)) throw new AlpacaRefusal(422, 40010001, 'client_order_id must be unique');
    if (!this.quotes.has(input.symbol)) throw new AlpacaRefusal(422, 40010001, `asset "${input.symbol}" not found`);
    if (!(input.qty > 0)) throw new AlpacaRefusal(422, 40010001, 'qty must be > 0');
    const step = input.limitPrice >= 1 ? 100 : 10_000;
    if (!(input.limitPrice > 0) || Math.abs(input.limitPrice * step - Math.round(input.limitPrice * step)) > 1e-6) {
      throw new AlpacaRefusal(422, 42210000, `invalid limit_price ${input.limitPrice}. sub-penny increment does not fulfill minimum pricing criteria`);
    }
    if (this.tradingBlocked || this.accountBlocked) throw new AlpacaRefusal(403, 40310000, 'account is not allowed to trade');
    const freed = input.replaces && input.replaces.side === 'buy' ? (input.replaces.qty - input.replaces.filledQty) * input.replaces.limitPrice : 0;
    if (input.side === 'buy' && input.qty * input.limitPrice > this.buyingPower() + freed + 1e-9) throw new AlpacaRefusal(403, 40310000, 'insufficient buying power');
    if (input.side === 'sell' && input.qty > (this.positions.get(input.symbol)?.qty ?? 0) + 1e-9) throw new AlpacaRefusal(403, 40310000, `insufficient qty available for order (requested: ${input.qty}, available: ${this.positions.get(input.symbol)?.qty ?? 0})`);
    const order: BookOrder = {
      id: randomUUID(),
      clientOrderId: input.clientOrderId,
      symbol: input.symbol,
      side: input.side,
      qty: input.qty,
      limitPrice: input.limitPrice,
      timeInForce: input.timeInForce,
      createdAt: this.now(),
      replaces: input.replaces?.id ?? null,
      status: 'accepted',
      filledQty: 0,
      filledAvgPrice: null,
      filledAt: null,
      replacedBy: null,
      replacedAt: null,
      canceledAt: null,
    };
    this.orders.push(order);
    return order;
  }

  /** The order goes to the market: it fills now if it crosses the quote, else it rests. */
  route(order: BookOrder): void {
    if (order.status === 'accepted') order.status = 'new';
    this.#match(order);
  }

  replace(id: string, change: { qty?: number; limitPrice?: number; timeInForce?: string; clientOrderId?: string }): BookOrder {
    const old = this.order(id);
    if (!old) throw new AlpacaRefusal(404, 40410000, 'order not found');
    if (old.status !== 'new' && old.status !== 'partially_filled') throw new AlpacaRefusal(422, 42210000, `order is not replaceable: it is ${old.status}`);
    const replacement = this.place({
      symbol: old.symbol,
      side: old.side,
      qty: change.qty ?? old.qty,
      limitPrice: change.limitPrice ?? old.limitPrice,
      timeInForce: change.timeInForce ?? old.timeInForce,
      clientOrderId: change.clientOrderId ?? randomUUID(),
      replaces: old,
    });
    old.status = 'replaced';
    old.replacedBy = replacement.id;
    old.replacedAt = this.now();
    return replacement;
  }

  cancel(id: string): void {
    const order = this.order(id);
    if (!order) throw new AlpacaRefusal(404, 40410000, 'order not found');
    if (!isOpen(order)) throw new AlpacaRefusal(422, 42210000, `order is already in "${order.status}" state`);
    order.status = 'canceled';
    order.canceledAt = this.now();
  }

  /** A new quote; resting orders it crosses fill. */
  setQuote(symbol: string, bid: number, ask: number): void {
    this.quotes.set(symbol, { bid, ask });
    for (const order of this.orders) if (order.symbol === symbol && isOpen(order)) this.#match(order);
  }

  #match(order: BookOrder): void {
    const quote = this.quotes.get(order.symbol);
    if (!quote || !isOpen(order)) return;
    const crosses = order.side === 'buy' ? order.limitPrice >= quote.ask : order.limitPrice <= quote.bid;
    if (!crosses) return;
    const price = order.side === 'buy' ? quote.ask : quote.bid;
    const qty = order.qty - order.filledQty;
    const now = this.now();
    order.filledQty = order.qty;
    order.filledAvgPrice = price;
    order.filledAt = now;
    order.status = 'filled';
    const position = this.positions.get(order.symbol) ?? { qty: 0, avgEntryPrice: 0 };
    const signed = order.side === 'buy' ? qty : -qty;
    const next = position.qty + signed;
    if (order.side === 'buy') position.avgEntryPrice = (position.qty * position.avgEntryPrice + qty * price) / next;
    position.qty = next;
    if (Math.abs(next) < 1e-9) this.positions.delete(order.symbol);
    else this.positions.set(order.symbol, position);
    this.cash = Math.round((this.cash - signed * price) * 100) / 100;
    this.activities.push({
      id: `${compactTime(now)}::${randomUUID()}`,
      time: now,
      orderId: order.id,
      symbol: order.symbol,
      side: order.side,
      qty,
      price,
      cumQty: order.filledQty,
      leavesQty: 0,
      orderStatus: order.status,
    });
  }

  #mid(symbol: string): number {
    const quote = this.quotes.get(symbol);
    return quote ? (quote.bid + quote.ask) / 2 : 0;
  }
}

/** "20240103150000123", the time part of Alpaca's activity ids, which sort by time. */
function compactTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:TZ.]/g, '');
}
