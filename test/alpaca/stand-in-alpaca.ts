import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AlpacaBook, AlpacaRefusal, isOpen, type BookActivity, type BookOrder } from './stand-in-book.js';

/**
 * A local stand-in for Alpaca's trading API v2 and market data API v2 over a real socket, written
 * from Alpaca's documentation: the same paths, headers, JSON field names and types (decimal
 * strings for the trading API's amounts, numbers for market data), error bodies `{code, message}`,
 * a 422 for a second order with a used client_order_id, and the rate limit with its X-RateLimit
 * headers and 429. Both APIs are served on one port: their paths do not overlap.
 */
export class StandInAlpaca {
  readonly book: AlpacaBook;
  readonly keyId: string;
  readonly secretKey: string;
  /** Every request: method, path with query, and the status answered. */
  readonly requests: { method: string; path: string; status: number }[] = [];
  /** Requests per window and the window, in real time (Alpaca: 200 a minute). */
  rateLimit = { limit: 200, windowMs: 60_000 };
  /** The next this-many requests are answered 429, as when another program spent the budget. */
  force429 = 0;
  /** The next order is accepted, then the connection drops before the answer. */
  loseNextOrderReply = false;
  /** The next order is accepted, then answered with a 500, as a failing proxy might. */
  failNextOrderReply = false;
  /** Whether the account's data subscription covers the SIP feed. */
  sipAllowed = false;
  #server: Server | undefined;
  #window = { start: 0, count: 0 };

  constructor(book: AlpacaBook, keys = { keyId: 'PKSTANDIN0000000001', secretKey: 'standin-secret-0123456789abcdef' }) {
    this.book = book;
    this.keyId = keys.keyId;
    this.secretKey = keys.secretKey;
  }

  get url(): string {
    const address = this.#server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('the stand-in is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** Orders accepted by POST /v2/orders (replacements not counted). */
  get placed(): BookOrder[] {
    return this.book.orders.filter((o) => o.replaces === null);
  }

  async start(): Promise<string> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const method = req.method ?? 'GET';
    const answer = (status: number, body?: unknown): void => {
      this.requests.push({ method, path: `${url.pathname}${url.search}`, status });
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (!this.#rateLimited(res)) {
      this.requests.push({ method, path: `${url.pathname}${url.search}`, status: 429 });
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 42910000, message: 'rate limit exceeded' }));
      return;
    }
    if (req.headers['apca-api-key-id'] !== this.keyId || req.headers['apca-api-secret-key'] !== this.secretKey) {
      answer(401, { code: 40110000, message: 'request is not authorized' });
      return;
    }
    const text = await readBody(req);
    try {
      const body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      if (method === 'POST' && url.pathname === '/v2/orders' && this.loseNextOrderReply) {
        this.loseNextOrderReply = false;
        this.#route(method, url, body);
        this.requests.push({ method, path: url.pathname, status: 0 });
        res.socket?.destroy();
        return;
      }
      const [status, reply] = this.#route(method, url, body);
      if (method === 'POST' && url.pathname === '/v2/orders' && this.failNextOrderReply) {
        this.failNextOrderReply = false;
        answer(500, { code: 50010000, message: 'internal server error' });
        return;
      }
      answer(status, reply);
    } catch (error) {
      if (error instanceof AlpacaRefusal) answer(error.status, { code: error.code, message: error.message });
      else answer(500, { code: 50010000, message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Counts the request in the current window and sets the headers; false once the window is spent. */
  #rateLimited(res: ServerResponse): boolean {
    const now = Date.now();
    if (now >= this.#window.start + this.rateLimit.windowMs) this.#window = { start: now, count: 0 };
    const reset = Math.ceil((this.#window.start + this.rateLimit.windowMs) / 1000);
    res.setHeader('X-RateLimit-Limit', String(this.rateLimit.limit));
    res.setHeader('X-RateLimit-Reset', String(reset));
    if (this.force429 > 0) {
      this.force429 -= 1;
      res.setHeader('X-RateLimit-Remaining', '0');
      res.setHeader('X-RateLimit-Reset', String(Math.ceil(now / 1000) + 1));
      return false;
    }
    if (this.#window.count >= this.rateLimit.limit) {
      res.setHeader('X-RateLimit-Remaining', '0');
      return false;
    }
    this.#window.count += 1;
    res.setHeader('X-RateLimit-Remaining', String(this.rateLimit.limit - this.#window.count));
    return true;
  }

  #route(method: string, url: URL, body: Record<string, unknown>): [number, unknown?] {
    const book = this.book;
    const path = url.pathname;
    const query = url.searchParams;
    const orderPath = /^\/v2\/orders\/([^/]+)$/.exec(path);
    if (method === 'GET' && path === '/v2/account') return [200, accountJson(book)];
    if (method === 'GET' && path === '/v2/positions') return [200, [...book.positions].map(([symbol, p]) => positionJson(book, symbol, p.qty, p.avgEntryPrice))];
    if (method === 'GET' && path === '/v2/clock') return [200, clockJson(book)];
    if (method === 'GET' && path === '/v2/calendar') return [200, calendarJson(query.get('start'), query.get('end'))];
    if (method === 'GET' && path === '/v2/orders') return [200, listOrders(book, query).map(orderJson)];
    if (method === 'GET' && path === '/v2/orders:by_client_order_id') {
      const order = book.byClientOrderId(query.get('client_order_id') ?? '');
      if (!order) throw new AlpacaRefusal(404, 40410000, 'order not found');
      return [200, orderJson(order)];
    }
    if (method === 'POST' && path === '/v2/orders') {
      if (body.type !== 'limit') throw new AlpacaRefusal(422, 40010001, 'the stand-in takes limit orders only');
      const order = book.place({
        symbol: String(body.symbol),
        qty: Number(body.qty),
        side: body.side === 'sell' ? 'sell' : 'buy',
        limitPrice: Number(body.limit_price),
        timeInForce: String(body.time_in_force ?? 'day'),
        clientOrderId: typeof body.client_order_id === 'string' ? body.client_order_id : crypto.randomUUID(),
      });
      const accepted = orderJson(order);
      book.route(order);
      return [200, accepted];
    }
    if (orderPath && method === 'GET') {
      const order = book.order(decodeURIComponent(orderPath[1]!));
      if (!order) throw new AlpacaRefusal(404, 40410000, 'order not found');
      return [200, orderJson(order)];
    }
    if (orderPath && method === 'PATCH') {
      const replacement = book.replace(decodeURIComponent(orderPath[1]!), {
        ...(body.qty !== undefined ? { qty: Number(body.qty) } : {}),
        ...(body.limit_price !== undefined ? { limitPrice: Number(body.limit_price) } : {}),
        ...(typeof body.time_in_force === 'string' ? { timeInForce: body.time_in_force } : {}),
        ...(typeof body.client_order_id === 'string' ? { clientOrderId: body.client_order_id } : {}),
      });
      const accepted = orderJson(replacement);
      book.route(replacement);
      return [200, accepted];
    }
    if (orderPath && method === 'DELETE') {
      book.cancel(decodeURIComponent(orderPath[1]!));
      return [204];
    }
    if (method === 'GET' && (path === '/v2/account/activities/FILL' || (path === '/v2/account/activities' && query.get('activity_types') === 'FILL'))) {
      return [200, listActivities(book.activities, query).map(activityJson)];
    }
    if (method === 'GET' && (path === '/v2/stocks/quotes/latest' || path === '/v2/stocks/trades/latest')) {
      const feed = query.get('feed') ?? 'sip';
      if (feed === 'sip' && !this.sipAllowed) throw new AlpacaRefusal(403, 40310000, 'subscription does not permit querying recent SIP data');
      const symbols = (query.get('symbols') ?? '').split(',').filter((s) => book.quotes.has(s));
      const t = new Date(book.now()).toISOString();
      if (path.endsWith('quotes/latest')) {
        return [200, { quotes: Object.fromEntries(symbols.map((s) => { const q = book.quotes.get(s)!; return [s, { t, ax: 'V', ap: q.ask, as: 3, bx: 'V', bp: q.bid, bs: 2, c: ['R'], z: 'B' }]; })) }];
      }
      return [200, { trades: Object.fromEntries(symbols.map((s) => { const q = book.quotes.get(s)!; return [s, { t, x: 'V', p: (q.bid + q.ask) / 2, s: 100, c: ['@'], i: 1, z: 'B' }]; })) }];
    }
    throw new AlpacaRefusal(404, 40410000, `endpoint not found: ${method} ${path}`);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

const money = (value: number): string => String(Math.round(value * 100) / 100);
const iso = (epochMs: number | null): string | null => (epochMs === null ? null : new Date(epochMs).toISOString());

function accountJson(book: AlpacaBook): Record<string, unknown> {
  const equity = book.equity();
  return {
    id: '0d969814-40d6-4b2b-99ac-2e37427f692b',
    account_number: book.accountNumber,
    status: book.status,
    currency: 'USD',
    cash: money(book.cash),
    portfolio_value: money(equity),
    equity: money(equity),
    last_equity: money(equity),
    long_market_value: money(equity - book.cash),
    short_market_value: '0',
    buying_power: money(book.buyingPower()),
    regt_buying_power: money(book.buyingPower()),
    daytrading_buying_power: '0',
    non_marginable_buying_power: money(book.buyingPower()),
    multiplier: '1',
    pattern_day_trader: false,
    trading_blocked: book.tradingBlocked,
    transfers_blocked: false,
    account_blocked: book.accountBlocked,
    shorting_enabled: false,
    trade_suspended_by_user: false,
    created_at: '2024-01-02T14:00:00Z',
  };
}

function positionJson(book: AlpacaBook, symbol: string, qty: number, avg: number): Record<string, unknown> {
  const quote = book.quotes.get(symbol);
  const price = quote ? (quote.bid + quote.ask) / 2 : avg;
  return {
    asset_id: `asset-${symbol}`,
    symbol,
    exchange: 'ARCA',
    asset_class: 'us_equity',
    avg_entry_price: String(avg),
    qty: String(qty),
    qty_available: String(qty),
    side: qty < 0 ? 'short' : 'long',
    market_value: money(qty * price),
    cost_basis: money(qty * avg),
    unrealized_pl: money(qty * (price - avg)),
    current_price: String(price),
  };
}

function orderJson(order: BookOrder): Record<string, unknown> {
  return {
    id: order.id,
    client_order_id: order.clientOrderId,
    created_at: iso(order.createdAt),
    updated_at: iso(order.filledAt ?? order.replacedAt ?? order.canceledAt ?? order.createdAt),
    submitted_at: iso(order.createdAt),
    filled_at: iso(order.filledAt),
    expired_at: null,
    canceled_at: iso(order.canceledAt),
    failed_at: null,
    replaced_at: iso(order.replacedAt),
    replaced_by: order.replacedBy,
    replaces: order.replaces,
    asset_id: `asset-${order.symbol}`,
    symbol: order.symbol,
    asset_class: 'us_equity',
    notional: null,
    qty: String(order.qty),
    filled_qty: String(order.filledQty),
    filled_avg_price: order.filledAvgPrice === null ? null : String(order.filledAvgPrice),
    order_class: '',
    order_type: 'limit',
    type: 'limit',
    side: order.side,
    time_in_force: order.timeInForce,
    limit_price: String(order.limitPrice),
    stop_price: null,
    status: order.status,
    extended_hours: false,
    legs: null,
  };
}

function activityJson(activity: BookActivity): Record<string, unknown> {
  return {
    id: activity.id,
    activity_type: 'FILL',
    transaction_time: new Date(activity.time).toISOString(),
    type: activity.leavesQty > 0 ? 'partial_fill' : 'fill',
    price: String(activity.price),
    qty: String(activity.qty),
    side: activity.side,
    symbol: activity.symbol,
    leaves_qty: String(activity.leavesQty),
    order_id: activity.orderId,
    cum_qty: String(activity.cumQty),
    order_status: activity.orderStatus,
  };
}

function listOrders(book: AlpacaBook, query: URLSearchParams): BookOrder[] {
  const status = query.get('status') ?? 'open';
  const after = query.has('after') ? Date.parse(query.get('after')!) : Number.NEGATIVE_INFINITY;
  const until = query.has('until') ? Date.parse(query.get('until')!) : Number.POSITIVE_INFINITY;
  const limit = Math.min(Number(query.get('limit') ?? 50), 500);
  const symbols = query.get('symbols')?.split(',');
  const chosen = book.orders.filter((o) => (status === 'all' || (status === 'open') === isOpen(o)) && o.createdAt > after && o.createdAt < until && (!symbols || symbols.includes(o.symbol)));
  const ordered = query.get('direction') === 'asc' ? chosen : [...chosen].reverse();
  return ordered.slice(0, limit);
}

function listActivities(activities: readonly BookActivity[], query: URLSearchParams): BookActivity[] {
  const after = query.has('after') ? Date.parse(query.get('after')!) : Number.NEGATIVE_INFINITY;
  const until = query.has('until') ? Date.parse(query.get('until')!) : Number.POSITIVE_INFINITY;
  const pageSize = Math.min(Number(query.get('page_size') ?? 100), 100);
  let chosen = activities.filter((a) => a.time > after && a.time < until);
  if (query.get('direction') !== 'asc') chosen = [...chosen].reverse();
  const token = query.get('page_token');
  if (token) chosen = chosen.slice(chosen.findIndex((a) => a.id === token) + 1);
  return chosen.slice(0, pageSize);
}

function clockJson(book: AlpacaBook): Record<string, unknown> {
  const now = book.now();
  const day = new Date(now).toISOString().slice(0, 10);
  return { timestamp: new Date(now).toISOString(), is_open: book.marketOpen, next_open: `${day}T14:30:00Z`, next_close: `${day}T21:00:00Z` };
}

function calendarJson(start: string | null, end: string | null): Record<string, unknown>[] {
  const days: Record<string, unknown>[] = [];
  const last = Date.parse(end ?? start ?? '2024-01-03');
  for (let t = Date.parse(start ?? '2024-01-03'); t <= last; t += 86_400_000) {
    const weekday = new Date(t).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const date = new Date(t).toISOString().slice(0, 10);
    days.push({ date, open: '09:30', close: '16:00', session_open: '0400', session_close: '2000', settlement_date: date });
  }
  return days;
}
