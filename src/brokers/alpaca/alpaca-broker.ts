import type { AlpacaBrokerConfig } from '../../config/schema.js';
import type { AccountSnapshot } from '../../domain/account.js';
import type { Quote } from '../../domain/bar.js';
import type { Clock } from '../../domain/clock.js';
import type { Instrument } from '../../domain/instrument.js';
import { FxRates } from '../../domain/money.js';
import { TERMINAL_ORDER_STATUSES, type BrokerOrder, type Fill, type OrderIntent } from '../../domain/order.js';
import { BrokerError, OrderNotTransmittedError, type Broker, type OrderChange } from '../broker.js';
import { AlpacaClient, AlpacaHttpError, AlpacaUnreachableError, type AlpacaKeys } from './alpaca-client.js';
import { alpacaUrls, readAlpacaKeys } from './alpaca-endpoints.js';
import { toAccountSnapshot, toFill, toQuote } from './alpaca-mapping.js';
import type { AlpacaAccount, AlpacaCalendarDay, AlpacaClock, AlpacaFillActivity, AlpacaOrder, AlpacaPosition, AlpacaQuote, AlpacaTrade } from './alpaca-wire.js';
import { AlpacaOrderReader } from './alpaca-order-reader.js';
import { chainOrder, isWorking, replacementClientOrderId, tagOf } from './order-chain.js';

export interface AlpacaBrokerOptions {
  readonly config: AlpacaBrokerConfig;
  readonly instruments: readonly Instrument[];
  readonly clock: Clock;
  /** Where the keys are read from, when connecting; the process environment by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** How the adapter waits (rate limit, polling); real time by default. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const PAGE_SIZE = 100;
const POLL_MS = 1_000;
const COMPLETED_WINDOW_MS = 24 * 3600_000;

/**
 * The Broker port on Alpaca's trading API v2 and market data API v2. Orders are day limit orders
 * whose client_order_id is autofolio's tag: Alpaca refuses a second order with the same id, so a
 * resend after a lost reply or a crash finds the first order instead of doubling it.
 */
export class AlpacaBroker implements Broker {
  readonly name = 'alpaca';
  readonly #options: AlpacaBrokerOptions;
  #api: AlpacaClient | undefined;
  readonly #reader = new AlpacaOrderReader(() => this.#client);
  /** Orders Alpaca refused outright (no id of its own): kept so that awaitOrders can answer for them. */
  readonly #refused = new Map<string, BrokerOrder>();

  constructor(options: AlpacaBrokerOptions) {
    this.#options = options;
  }

  /** Requests sent to Alpaca and 429 answers waited out, for `doctor` and the tests. */
  get traffic(): { readonly requests: number; readonly rateLimited: number } {
    return { requests: this.#api?.requests ?? 0, rateLimited: this.#api?.rateLimited ?? 0 };
  }

  async connect(): Promise<void> {
    const keys: AlpacaKeys = readAlpacaKeys(this.#options.config, this.#options.env ?? process.env);
    const urls = alpacaUrls(this.#options.config);
    this.#api = new AlpacaClient({
      ...urls,
      keys,
      maxRequestsPerMinute: this.#options.config.maxRequestsPerMinute,
      timeoutMs: this.#options.config.requestTimeoutSeconds * 1000,
      ...(this.#options.sleep ? { sleep: this.#options.sleep } : {}),
    });
    const account = await this.#api.get<AlpacaAccount>('trading', '/v2/account');
    if (account.account_blocked || account.trading_blocked) {
      throw new BrokerError(`Alpaca account ${account.account_number} is ${account.account_blocked ? 'blocked' : 'blocked from trading'} (status ${account.status}): see the account's page at alpaca.markets, or run autofolio doctor`, 'operational', 'account-blocked');
    }
  }

  async disconnect(): Promise<void> {
    this.#api = undefined;
  }

  async account(): Promise<AccountSnapshot> {
    const account = await this.#client.get<AlpacaAccount>('trading', '/v2/account');
    const positions = await this.#client.get<AlpacaPosition[]>('trading', '/v2/positions');
    return toAccountSnapshot(account, positions);
  }

  /** The market clock: whether the US market is open now, and its next open and close. */
  marketClock(): Promise<AlpacaClock> {
    return this.#client.get<AlpacaClock>('trading', '/v2/clock');
  }

  /** The US market's trading days from `start` to `end` (YYYY-MM-DD), with their hours. */
  calendar(start: string, end: string): Promise<AlpacaCalendarDay[]> {
    return this.#client.get<AlpacaCalendarDay[]>('trading', '/v2/calendar', { query: { start, end } });
  }

  async quotes(instruments: readonly Instrument[]): Promise<Quote[]> {
    if (instruments.length === 0) return [];
    const symbols = instruments.map((i) => i.symbol).join(',');
    const feed = this.#options.config.feed;
    const { quotes } = await this.#client.get<{ quotes: Record<string, AlpacaQuote | undefined> }>('data', '/v2/stocks/quotes/latest', { query: { symbols, feed } });
    // Outside trading hours a feed may show one side only: such a symbol is valued at its last trade.
    const oneSided = instruments.filter((i) => !((quotes[i.symbol]?.bp ?? 0) > 0 && (quotes[i.symbol]?.ap ?? 0) > 0));
    const trades = oneSided.length === 0 ? {} : (await this.#client.get<{ trades: Record<string, AlpacaTrade | undefined> }>('data', '/v2/stocks/trades/latest', { query: { symbols: oneSided.map((i) => i.symbol).join(','), feed } })).trades;
    return instruments.map((instrument) => toQuote(instrument.symbol, quotes[instrument.symbol], trades[instrument.symbol]));
  }

  async fxRates(base: string, currencies: readonly string[]): Promise<FxRates> {
    const foreign = [base, ...currencies].filter((c) => c !== 'USD');
    if (foreign.length > 0) throw new BrokerError(`Alpaca trades in US dollars only and has no FX rates for ${[...new Set(foreign)].join(', ')}`, 'operational', 'no-fx');
    return new FxRates('USD', {});
  }

  async openOrders(): Promise<BrokerOrder[]> {
    const fresh = this.#reader.freshReads();
    const open = await this.#reader.list('open');
    const chains: BrokerOrder[] = [];
    for (const leg of open) chains.push(chainOrder(await this.#reader.chainOf(leg, fresh)));
    return chains;
  }

  async cancelOrder(brokerId: string): Promise<void> {
    const legs = await this.#reader.chain(brokerId, this.#reader.freshReads());
    const last = legs[legs.length - 1]!;
    if (!isWorking(last)) throw new BrokerError(`Alpaca order ${brokerId} (${tagOf(last.client_order_id)}) is already ${last.status} and cannot be cancelled`, 'rejected', 'not-open');
    await this.#client.send('DELETE', 'trading', `/v2/orders/${encodeURIComponent(last.id)}`);
  }

  async placeOrder(intent: OrderIntent, _instrument: Instrument): Promise<BrokerOrder> {
    const body = {
      symbol: intent.symbol,
      qty: decimalString(intent.quantity),
      side: intent.side === 'BUY' ? 'buy' : 'sell',
      type: 'limit',
      time_in_force: 'day',
      limit_price: decimalString(intent.limitPrice),
      client_order_id: intent.tag,
    };
    let api: AlpacaClient;
    try {
      api = this.#client;
    } catch (error) {
      throw new OrderNotTransmittedError(error);
    }
    try {
      return this.#rooted(intent.tag, (await api.send('POST', 'trading', '/v2/orders', { body })) as AlpacaOrder);
    } catch (error) {
      if (error instanceof AlpacaUnreachableError) throw new OrderNotTransmittedError(error);
      if (isDuplicateClientOrderId(error)) return this.#findByTag(intent.tag);
      if (error instanceof AlpacaHttpError && isOrderRefusal(error)) return this.#refuse(intent, error);
      // Refused before it was looked at (keys not accepted, the rate limit still spent after the retries).
      if (error instanceof AlpacaHttpError && (error.status === 401 || error.status === 429)) throw new OrderNotTransmittedError(error);
      if (error instanceof AlpacaHttpError && error.status < 500) throw error;
      // No answer, or a server error: the order may be at Alpaca. Sending it again is safe, since
      // Alpaca refuses a second order with the same client_order_id, and that refusal is answered
      // by finding it.
      return this.#resend(intent, body);
    }
  }

  async modifyOrder(order: BrokerOrder, change: OrderChange, _instrument: Instrument): Promise<BrokerOrder> {
    const legs = await this.#reader.chain(order.brokerId, this.#reader.freshReads());
    const last = legs[legs.length - 1]!;
    const before = chainOrder(legs);
    if (!isWorking(last)) throw new BrokerError(`Alpaca order ${order.brokerId} (${before.tag}) is already ${before.status}: it cannot be amended`, 'rejected', 'not-open');
    const remaining = change.quantity - before.filledQuantity;
    if (!(remaining > 0)) throw new BrokerError(`Alpaca order ${order.brokerId} (${before.tag}) has filled ${before.filledQuantity}: a new total of ${change.quantity} leaves nothing to trade; cancel it instead`, 'rejected', 'nothing-left');
    const body = { qty: decimalString(remaining), limit_price: decimalString(change.limitPrice), client_order_id: replacementClientOrderId(before.tag, legs.length) };
    const replacement = (await this.#client.send('PATCH', 'trading', `/v2/orders/${encodeURIComponent(last.id)}`, { body })) as AlpacaOrder;
    this.#reader.remember(replacement);
    return chainOrder([...legs, replacement]);
  }

  async awaitOrders(brokerIds: readonly string[], timeoutMs: number): Promise<BrokerOrder[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const fresh = this.#reader.freshReads();
      const pending = brokerIds.filter((id) => !this.#refused.has(id));
      if (pending.length > 1) await this.#refreshRecent(pending);
      const latest: BrokerOrder[] = [];
      for (const id of brokerIds) latest.push(this.#refused.get(id) ?? chainOrder(await this.#reader.chain(id, fresh)));
      if (latest.every((o) => TERMINAL_ORDER_STATUSES.has(o.status)) || Date.now() >= deadline) return latest;
      await this.#wait(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
    }
  }

  async executions(since: number): Promise<Fill[]> {
    const activities: AlpacaFillActivity[] = [];
    let pageToken: string | undefined;
    for (;;) {
      const page = await this.#client.get<AlpacaFillActivity[]>('trading', '/v2/account/activities/FILL', {
        query: { after: new Date(since - 1).toISOString(), direction: 'asc', page_size: PAGE_SIZE, page_token: pageToken },
      });
      activities.push(...page);
      if (page.length < PAGE_SIZE) break;
      pageToken = page[page.length - 1]!.id;
    }
    // A fill names its order by id only; the tag is on the order. Orders not seen yet are listed
    // in pages of 500 rather than asked for one by one, which a week of fills would make slow
    // under the rate limit. An order placed before that window is still asked for alone.
    const unknown = new Set(activities.map((a) => a.order_id).filter((id) => !this.#reader.knows(id)));
    if (unknown.size > 1) await this.#reader.list('all', since - COMPLETED_WINDOW_MS);
    const fills: Fill[] = [];
    for (const activity of activities) {
      const leg = await this.#reader.order(activity.order_id, Number.NEGATIVE_INFINITY);
      const fill = toFill(activity, await this.#reader.rootIdOf(leg), tagOf(leg.client_order_id));
      if (fill.time >= since) fills.push(fill);
    }
    return fills;
  }

  async completedOrders(): Promise<BrokerOrder[]> {
    const fresh = this.#reader.freshReads();
    const closed = await this.#reader.list('closed', this.#options.clock.now() - COMPLETED_WINDOW_MS);
    const chains: BrokerOrder[] = [];
    // A replaced order is not the end of its chain: its replacement, listed too, stands for it.
    for (const leg of closed) if (leg.status !== 'replaced') chains.push(chainOrder(await this.#reader.chainOf(leg, fresh)));
    return chains;
  }

  get #client(): AlpacaClient {
    if (!this.#api) throw new BrokerError('not connected to Alpaca: connect() first', 'temporary', 'not-connected');
    return this.#api;
  }

  async #resend(intent: OrderIntent, body: object): Promise<BrokerOrder> {
    try {
      return this.#rooted(intent.tag, (await this.#client.send('POST', 'trading', '/v2/orders', { body })) as AlpacaOrder);
    } catch (error) {
      if (isDuplicateClientOrderId(error)) return this.#findByTag(intent.tag);
      if (error instanceof AlpacaHttpError && isOrderRefusal(error)) return this.#refuse(intent, error);
      throw error;
    }
  }

  #rooted(tag: string, order: AlpacaOrder): BrokerOrder {
    this.#reader.rememberRoot(tag, order);
    return chainOrder([order]);
  }

  async #findByTag(tag: string): Promise<BrokerOrder> {
    const root = await this.#reader.byTag(tag);
    return chainOrder(await this.#reader.chain(root.id, this.#reader.freshReads()));
  }

  #refuse(intent: OrderIntent, error: AlpacaHttpError): BrokerOrder {
    const refused: BrokerOrder = {
      brokerId: `refused:${intent.tag}`,
      tag: intent.tag,
      symbol: intent.symbol,
      side: intent.side,
      quantity: intent.quantity,
      limitPrice: intent.limitPrice,
      filledQuantity: 0,
      status: 'rejected',
      rejectReason: error.body.message ?? error.message,
    };
    this.#refused.set(refused.brokerId, refused);
    return refused;
  }

  /** One request for the latest state of many working orders, instead of one each. */
  async #refreshRecent(rootIds: readonly string[]): Promise<void> {
    const created = rootIds.map((id) => this.#reader.createdAt(id)).filter((t): t is string => t !== undefined);
    if (created.length < rootIds.length) return;
    await this.#reader.list('all', Math.min(...created.map((t) => Date.parse(t))) - 1);
  }

  #wait(ms: number): Promise<void> {
    return (this.#options.sleep ?? ((delay: number) => new Promise<void>((resolve) => setTimeout(resolve, delay))))(ms);
  }
}

/** A number as the API's decimal string, without binary noise (0.1 + 0.2 is sent as "0.3"). */
function decimalString(value: number): string {
  return String(Number(value.toPrecision(12)));
}

function isDuplicateClientOrderId(error: unknown): boolean {
  return error instanceof AlpacaHttpError && error.status === 422 && /client_order_id/i.test(error.body.message ?? '') && /unique/i.test(error.body.message ?? '');
}

/** Alpaca refused the order itself (a bad price, no buying power, not tradable): a rejected order, not a failure. */
function isOrderRefusal(error: AlpacaHttpError): boolean {
  return error.status === 422 || (error.status === 403 && String(error.body.code ?? '').startsWith('403'));
}
