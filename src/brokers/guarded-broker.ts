import type { AccountSnapshot } from '../domain/account.js';
import type { Quote } from '../domain/bar.js';
import type { OptionChain } from '../domain/option-chain.js';
import { parseOptionSymbol } from '../domain/option.js';
import type { Instrument } from '../domain/instrument.js';
import type { FxRates } from '../domain/money.js';
import type { BrokerOrder, Fill, OrderIntent } from '../domain/order.js';
import { BrokerError, type Broker, type OrderChange } from './broker.js';

/**
 * Wraps any broker adapter with the two defences the cycle needs whatever the broker: a
 * call that never answers ends with a temporary BrokerError after `timeoutMs`, and a reply
 * that cannot be right (NaN, a negative price, bid above ask) is refused with an operational
 * BrokerError naming the field, before any step can plan on it.
 */
export class GuardedBroker implements Broker {
  readonly #inner: Broker;
  readonly #timeoutMs: number;

  readonly optionChain?: (underlying: Instrument) => Promise<OptionChain>;

  constructor(inner: Broker, timeoutMs: number) {
    this.#inner = inner;
    this.#timeoutMs = timeoutMs;
    const chainOf = inner.optionChain?.bind(inner);
    if (chainOf) {
      this.optionChain = async (underlying) => {
        const chain = await this.#call('optionChain', () => chainOf(underlying));
        if (chain.expiries.length === 0 || chain.strikes.some((k) => !(k > 0)) || !(chain.multiplier > 0)) throw invalid(`option chain of ${underlying.symbol}: ${chain.expiries.length} expiries, multiplier ${chain.multiplier}`);
        return chain;
      };
    }
  }

  get name(): string {
    return this.#inner.name;
  }

  get cancelScope(): 'own' | 'all' | undefined {
    return this.#inner.cancelScope;
  }

  connect(): Promise<void> {
    return this.#call('connect', () => this.#inner.connect());
  }

  disconnect(): Promise<void> {
    return this.#call('disconnect', () => this.#inner.disconnect());
  }

  async account(): Promise<AccountSnapshot> {
    const account = await this.#call('account', () => this.#inner.account());
    finite(account.netLiquidation, 'account: netLiquidation');
    for (const [currency, amount] of Object.entries(account.cash)) finite(amount, `account: cash ${currency}`);
    for (const p of account.positions) {
      finite(p.quantity, `position ${p.symbol}: quantity`);
      finite(p.avgCost, `position ${p.symbol}: avgCost`);
      if (p.marketPrice !== undefined) finite(p.marketPrice, `position ${p.symbol}: marketPrice`);
    }
    return account;
  }

  async quotes(instruments: readonly Instrument[]): Promise<Quote[]> {
    const quotes = await this.#call('quotes', () => this.#inner.quotes(instruments));
    for (const q of quotes) {
      positive(q.bid, `quote ${q.symbol}: bid`);
      positive(q.ask, `quote ${q.symbol}: ask`);
      positive(q.last, `quote ${q.symbol}: last`);
      finite(q.time, `quote ${q.symbol}: time`);
      if (q.bid > q.ask) throw invalid(`quote ${q.symbol}: bid ${q.bid} is above ask ${q.ask}`);
    }
    const missing = instruments.filter((i) => !quotes.some((q) => q.symbol === i.symbol));
    if (missing.length > 0) throw invalid(`no quote for ${missing.map((i) => i.symbol).join(', ')}`);
    return quotes;
  }

  fxRates(base: string, currencies: readonly string[]): Promise<FxRates> {
    return this.#call('fxRates', () => this.#inner.fxRates(base, currencies));
  }

  openOrders(): Promise<BrokerOrder[]> {
    return this.#call('openOrders', () => this.#inner.openOrders());
  }

  cancelOrder(brokerId: string): Promise<void> {
    return this.#call('cancelOrder', () => this.#inner.cancelOrder(brokerId));
  }

  placeOrder(order: OrderIntent, instrument: Instrument): Promise<BrokerOrder> {
    return this.#call('placeOrder', () => this.#inner.placeOrder(order, instrument));
  }

  modifyOrder(order: BrokerOrder, change: OrderChange, instrument: Instrument): Promise<BrokerOrder> {
    return this.#call('modifyOrder', () => this.#inner.modifyOrder(order, change, instrument));
  }

  awaitOrders(brokerIds: readonly string[], timeoutMs: number): Promise<BrokerOrder[]> {
    return this.#call('awaitOrders', () => this.#inner.awaitOrders(brokerIds, timeoutMs), timeoutMs + this.#timeoutMs);
  }

  async completedOrders(): Promise<BrokerOrder[]> {
    const orders = await this.#call('completedOrders', () => this.#inner.completedOrders());
    for (const o of orders) {
      finite(o.filledQuantity, `completed order ${o.tag || o.brokerId}: filled quantity`);
      if (o.filledQuantity < 0 || o.filledQuantity > o.quantity + 1e-9) throw invalid(`completed order ${o.tag || o.brokerId}: filled ${o.filledQuantity} of ${o.quantity}`);
    }
    return orders;
  }

  async executions(since: number): Promise<Fill[]> {
    const fills = await this.#call('executions', () => this.#inner.executions(since));
    for (const f of fills) {
      positive(f.quantity, `execution ${f.execId}: quantity`);
      // An option that expires worthless leaves the account in an execution at 0.
      if (parseOptionSymbol(f.symbol)) {
        finite(f.price, `execution ${f.execId}: price`);
        if (f.price < 0) throw invalid(`execution ${f.execId}: price is ${f.price}, below 0`);
      } else positive(f.price, `execution ${f.execId}: price`);
      finite(f.commission, `execution ${f.execId}: commission`);
      finite(f.time, `execution ${f.execId}: time`);
      if (!f.execId) throw invalid(`an execution of ${f.symbol} has no execId`);
    }
    return fills;
  }

  async #call<T>(what: string, body: () => Promise<T>, timeoutMs = this.#timeoutMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BrokerError(`the broker did not answer ${what} within ${Math.round(timeoutMs / 1000)} s`, 'temporary', 'timeout')), timeoutMs);
    });
    try {
      return await Promise.race([body(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function invalid(message: string): BrokerError {
  return new BrokerError(`invalid broker reply: ${message}`, 'operational', 'invalid-reply');
}

function finite(value: number, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`${field} is ${String(value)}`);
}

function positive(value: number, field: string): void {
  finite(value, field);
  if (value <= 0) throw invalid(`${field} is ${value}, not a positive number`);
}
