import { EventName, type Contract, type Order, type OrderState } from '@stoqey/ib';
import { BrokerError, OrderNotTransmittedError, type Broker, type OrderChange } from '../broker.js';
import type { IbBrokerConfig } from '../../config/schema.js';
import type { AccountSnapshot } from '../../domain/account.js';
import type { Bar, Quote } from '../../domain/bar.js';
import type { Clock } from '../../domain/clock.js';
import { fxRatesFromPairs } from '../../domain/fx-pair.js';
import type { Instrument } from '../../domain/instrument.js';
import type { FxRates } from '../../domain/money.js';
import { TERMINAL_ORDER_STATUSES, type BrokerOrder, type Fill, type OrderIntent } from '../../domain/order.js';
import { ContractBook, ibComboContract, type QualifiedContract } from './ib-contracts.js';
import { readOptionChain } from './ib-option-chain.js';
import { isCombo, type ComboInstrument } from '../../domain/option.js';
import type { OptionChain } from '../../domain/option-chain.js';
import { comboQuote } from '../../options/combo-quote.js';
import { IbExecutions } from './ib-executions.js';
import { fetchHistory } from './ib-history.js';
import { IbOrderBook } from './ib-order-book.js';
import { adaptiveLimitOrder, comboLimitOrder } from './ib-orders.js';
import { snapshotQuote, type SnapshotQuote } from './ib-quotes.js';
import { readAccountUpdates } from './ib-portfolio.js';
import type { ContractCacheStore } from './contract-cache.js';
import { MarketDataLines } from './market-data-lines.js';
import { ContractSymbols } from './contract-symbols.js';
import { IbSession } from './ib-session.js';
import { HistoricalPacer } from './historical-pacing.js';
import { OrderIdAllocator, type OrderIdStore } from './order-ids.js';
import { RateLimiter } from './rate-limiter.js';
import { connectWithRetry, type ConnectPolicy } from './ib-connect.js';
import { gatewayRestartedBetween } from './gateway-windows.js';
import type { GatewayStatus, GatewayStatusStore } from './gateway-status.js';
import { checkTrading, type WhatIfAnswer } from './trading-check.js';

export interface IbBrokerOptions {
  readonly config: IbBrokerConfig;
  readonly instruments: readonly Instrument[];
  readonly clock: Clock;
  readonly orderIds: OrderIdStore;
  /** The pacer of every message; tests pass one on a virtual clock to prove pacing without waiting for it. */
  readonly limiter?: RateLimiter;
  readonly libraryMaxPerSecond?: number;
  readonly connectPolicy?: Partial<ConnectPolicy>;
  readonly log?: (line: string) => void;
  /**
   * The gateway's status between runs. With it (the cycle's broker), a session holds the run
   * while the gateway is away (weekly login, grace period) and, after an outage or a restart,
   * shows that trading works before it is used; without it (`doctor`), it connects once.
   */
  readonly gatewayStatus?: GatewayStatusStore;
  /** Where contract details are kept across runs (the account's database); without it every session asks IB again. */
  readonly contracts?: ContractCacheStore;
}

/** The Broker port on Interactive Brokers, through TWS or IB Gateway (the only user of @stoqey/ib). */
export class IbBroker implements Broker {
  readonly name = 'ib';
  readonly cancelScope: 'own' | 'all';
  readonly #options: IbBrokerOptions;
  readonly #limiter: RateLimiter;
  readonly #pacer: HistoricalPacer;
  readonly #lines: MarketDataLines;
  readonly #symbols: ContractSymbols;
  #session: IbSession | undefined;
  #contracts: ContractBook | undefined;
  readonly #chains = new Map<string, { session: IbSession; chain: Promise<OptionChain> }>();
  #book: IbOrderBook | undefined;
  #executions: IbExecutions | undefined;
  #ids: OrderIdAllocator | undefined;
  #globalCancelSent = false;

  constructor(options: IbBrokerOptions) {
    this.#options = options;
    this.cancelScope = options.config.cancelScope;
    this.#limiter = options.limiter ?? new RateLimiter(options.config.maxMessagesPerSecond);
    this.#pacer = new HistoricalPacer();
    this.#lines = new MarketDataLines(options.config.marketDataLines);
    this.#symbols = new ContractSymbols(options.instruments);
  }

  /** The most quote requests that were open at once (for tests and the bench). */
  get peakMarketDataLines(): number {
    return this.#lines.peak;
  }

  /** Messages sent to IB so far, all kinds (for tests and `doctor`). */
  get messagesSent(): number {
    return this.#limiter.released;
  }

  /** The live session, for `doctor`: server version, accounts, notices. */
  get session(): IbSession {
    if (!this.#session) throw new BrokerError('not connected to IB Gateway: connect first', 'temporary', 'not-connected');
    return this.#session;
  }

  async connect(): Promise<void> {
    const { config } = this.#options;
    const watch = this.#options.gatewayStatus;
    const status: GatewayStatus = (await watch?.load()) ?? {};
    const now = this.#options.clock.now();
    let away = false;
    try {
      await this.#open(status.unreachableSince, () => (away = true));
    } catch (error) {
      // Remembered across runs: the grace period counts from the first failure, and the first
      // session after the outage must show that trading works.
      if (watch && error instanceof BrokerError && error.kind === 'temporary' && error.code !== 'restart-window') {
        await watch.save({ ...status, unreachableSince: status.unreachableSince ?? now, checkTrading: true });
      }
      throw error;
    }
    if (!watch) return;
    const restarted = away || status.checkTrading === true || (status.lastOkAt !== undefined && gatewayRestartedBetween(config, status.lastOkAt, now));
    if (restarted) {
      try {
        this.lastTradingCheck = await this.#checkTrading();
      } catch (error) {
        await watch.save({ ...status, checkTrading: true });
        await this.disconnect();
        throw error;
      }
    }
    await watch.save({ lastOkAt: now });
  }

  /** What the last check that trading works found (a what-if order's answer), for logs and tests. */
  lastTradingCheck: WhatIfAnswer | undefined;

  async #checkTrading(): Promise<WhatIfAnswer> {
    const { config, instruments } = this.#options;
    const instrument = instruments.find((i) => i.secType === 'STK') ?? instruments[0];
    if (!instrument) throw new BrokerError('no instrument to check trading with: add one to instruments', 'operational', 'trading-check');
    const qualified = await this.qualify(instrument);
    const { quote } = await this.quote(instrument);
    const price = [quote.bid, quote.last, quote.ask].find((p) => Number.isFinite(p) && p > 0);
    if (price === undefined) throw new BrokerError(`IB Gateway gave no price for ${instrument.symbol}, so the what-if order that checks trading after a restart cannot be priced; nothing is sent`, 'operational', 'trading-check');
    return checkTrading({
      session: this.session,
      account: config.account,
      instrument,
      contract: qualified.contract,
      price,
      orderId: await this.#need(this.#ids).take(),
      priority: config.adaptivePriority,
      requestTimeoutMs: config.requestTimeoutSeconds * 1000,
    });
  }

  async #open(unreachableSince: number | undefined, onFailedAttempt: () => void): Promise<void> {
    const { config } = this.#options;
    this.#session = await connectWithRetry(
      () =>
        new IbSession({
          host: config.host,
          port: config.port,
          clientId: config.clientId,
          limiter: this.#limiter,
          connectTimeoutMs: config.connectTimeoutSeconds * 1000,
          requestTimeoutMs: config.requestTimeoutSeconds * 1000,
          heartbeatMs: config.heartbeatSeconds * 1000,
          ...(this.#options.libraryMaxPerSecond ? { libraryMaxPerSecond: this.#options.libraryMaxPerSecond } : {}),
          ...(this.#options.log ? { log: this.#options.log } : {}),
        }),
      {
        config,
        now: () => this.#options.clock.now(),
        hold: this.#options.gatewayStatus !== undefined,
        onFailedAttempt,
        ...(unreachableSince !== undefined ? { unreachableSince } : {}),
        ...this.#options.connectPolicy,
      },
    );
    const session = this.#session;
    if (!session.managedAccounts.includes(config.account)) {
      await session.disconnect();
      throw new BrokerError(`IB Gateway manages ${session.managedAccounts.join(', ') || 'no account'}, not ${config.account}: fix broker.account (and account.id)`, 'operational', 'wrong-account');
    }
    this.#ids = new OrderIdAllocator(this.#options.orderIds);
    await this.#ids.start(session.nextValidId);
    session.api.on(EventName.nextValidId, (id: number) => this.#ids?.observe(id - 1));
    const { clock, contracts } = this.#options;
    this.#contracts = new ContractBook(session, { ...(contracts ? { store: contracts } : {}), maxAgeMs: config.contractCacheDays * 86_400_000, now: () => clock.now() });
    this.#book = new IbOrderBook(session, this.#ids, config.clientId, () => this.#refreshOrderIds());
    this.#executions = new IbExecutions(session, { account: config.account, gatewayZone: config.gatewayTimeZone, symbolFor: (c) => this.#symbolFor(c) });
    // Type 3 (delayed) still returns live data wherever the account has a subscription.
    await session.send((ib) => ib.reqMarketDataType(config.marketData === 'live' ? 1 : 3));
    await this.#readCompletedOrders();
  }

  async disconnect(): Promise<void> {
    await this.#session?.disconnect();
  }

  /** The account and its positions with IB's marks, from one account-updates subscription. */
  async account(): Promise<AccountSnapshot> {
    return readAccountUpdates(this.session, this.#options.config.account, (c) => this.#symbolFor(c));
  }

  async quotes(instruments: readonly Instrument[]): Promise<Quote[]> {
    return Promise.all(instruments.map(async (instrument) => (isCombo(instrument) ? this.#comboQuote(instrument) : (await this.quote(instrument)).quote)));
  }

  /** A combination's net quote from its legs' quotes: IB's own BAG quotes are not there for every combination. */
  async #comboQuote(combo: ComboInstrument): Promise<Quote> {
    const legs = await Promise.all(combo.legs.map((leg) => this.quote(leg.instrument)));
    const quote = comboQuote(combo, (symbol) => legs.find((l) => l.quote.symbol === symbol)?.quote);
    if (!quote) throw new BrokerError(`no quote for every leg of ${combo.symbol}`, 'temporary', 'combo-quote');
    return quote;
  }

  /** Expiries and strikes of the underlying's options (reqSecDefOptParams), read once per session. */
  async optionChain(underlying: Instrument): Promise<OptionChain> {
    const session = this.session;
    let cached = this.#chains.get(underlying.symbol);
    if (!cached || cached.session !== session) {
      const chain = this.qualify(underlying).then((q) => readOptionChain(session, underlying, q.conId));
      // A failure is not kept: the next call asks again.
      chain.catch(() => this.#chains.delete(underlying.symbol));
      this.#chains.set(underlying.symbol, (cached = { session, chain }));
    }
    return cached.chain;
  }

  /** The contract an order goes out on: a stock's qualified contract, or a combination's BAG with its legs' conIds. */
  async #orderContract(instrument: Instrument): Promise<Contract> {
    if (!isCombo(instrument)) return (await this.qualify(instrument)).contract;
    const legs = await Promise.all(instrument.legs.map((leg) => this.qualify(leg.instrument)));
    return ibComboContract(instrument, legs.map((l) => l.conId));
  }

  /** One quote, and whether IB sent it delayed. */
  async quote(instrument: Instrument): Promise<SnapshotQuote> {
    try {
      return await this.#snapshot(instrument);
    } catch (error) {
      // A kept contract IB no longer knows (delisted, a new conId after a corporate action):
      // forgotten, and asked for again once, so a stale entry costs one refusal, not a run.
      const contracts = this.#need(this.#contracts);
      if (!(error instanceof BrokerError && error.code === 200 && contracts.cameFromStore(instrument))) throw error;
      this.#options.log?.(`IB refused the kept contract of ${instrument.symbol} (${error.message}): asking IB for its details again`);
      await contracts.forget(instrument);
      return this.#snapshot(instrument);
    }
  }

  async #snapshot(instrument: Instrument): Promise<SnapshotQuote> {
    const qualified = await this.qualify(instrument);
    return this.#lines.with(() => snapshotQuote(this.session, qualified.contract, instrument.symbol, this.#options.clock.now(), this.#options.config.marketData !== 'live'));
  }

  async fxRates(base: string, currencies: readonly string[]): Promise<FxRates> {
    const needed = currencies.filter((c) => c !== base);
    const pairs = this.#options.instruments.filter((i) => i.secType === 'CASH' && needed.some((c) => i.symbol === `${base}${c}` || i.symbol === `${c}${base}`));
    const quotes = await this.quotes(pairs);
    return fxRatesFromPairs(base, quotes.map((q) => ({ pair: q.symbol, price: (q.bid + q.ask) / 2 })), needed);
  }

  async openOrders(): Promise<BrokerOrder[]> {
    const seen = new Set<string>();
    await this.session.request<void>({
      what: 'open orders',
      send: (ib) => ib.reqAllOpenOrders(),
      listen: (ib, done) => {
        const onOrder = (orderId: number, _c: Contract, order: Order) => seen.add(orderId > 0 && order.clientId === this.#options.config.clientId ? String(orderId) : `perm-${order.permId ?? 0}`);
        const onEnd = () => done();
        ib.on(EventName.openOrder, onOrder);
        ib.on(EventName.openOrderEnd, onEnd);
        return () => {
          ib.off(EventName.openOrder, onOrder);
          ib.off(EventName.openOrderEnd, onEnd);
        };
      },
    });
    return this.#orderBook().all().filter((order) => seen.has(order.brokerId) && !TERMINAL_ORDER_STATUSES.has(order.status));
  }

  async completedOrders(): Promise<BrokerOrder[]> {
    const seen = await this.#readCompletedOrders();
    return this.#orderBook().all().filter((order) => seen.has(order.brokerId));
  }

  /** Orders IB finished today (filled, cancelled, rejected), read into the order book; returns their broker ids. */
  async #readCompletedOrders(): Promise<Set<string>> {
    const clientId = this.#options.config.clientId;
    return this.session.request<Set<string>>({
      what: 'completed orders',
      send: (ib) => ib.reqCompletedOrders(false),
      listen: (ib, done) => {
        const seen = new Set<string>();
        // The order book keys them the same way: completed orders carry no order id, only IB's permanent id.
        const onOrder = (_c: Contract, order: Order, _s: OrderState) => seen.add((order.orderId ?? 0) > 0 && order.clientId === clientId ? String(order.orderId) : `perm-${order.permId ?? 0}`);
        const onEnd = () => done(seen);
        ib.on(EventName.completedOrder, onOrder);
        ib.on(EventName.completedOrdersEnd, onEnd);
        return () => {
          ib.off(EventName.completedOrder, onOrder);
          ib.off(EventName.completedOrdersEnd, onEnd);
        };
      },
    });
  }

  async cancelOrder(brokerId: string): Promise<void> {
    if (/^\d+$/.test(brokerId)) return this.session.send((ib) => ib.cancelOrder(Number(brokerId)));
    // Another client's or a person's order: only a global cancel reaches it.
    if (this.cancelScope !== 'all') throw new BrokerError(`order ${brokerId} was not placed by this client; autofolio cancels it only with broker.cancelScope: all`, 'operational', 'foreign-order');
    if (this.#globalCancelSent) return;
    this.#globalCancelSent = true;
    await this.session.send((ib) => ib.reqGlobalCancel());
  }

  async placeOrder(order: OrderIntent, instrument: Instrument): Promise<BrokerOrder> {
    let contract: Contract;
    let book: IbOrderBook;
    try {
      contract = await this.#orderContract(instrument);
      book = this.#orderBook();
    } catch (error) {
      throw new OrderNotTransmittedError(error);
    }
    const { config } = this.#options;
    const ibOrder = isCombo(instrument) ? comboLimitOrder(order, config.account) : adaptiveLimitOrder(order, contract, config.adaptivePriority, config.account);
    const placed = await book.place(order, contract, ibOrder, config.requestTimeoutSeconds * 1000);
    // Refused for its contract (200): a kept contract is asked for again by the next run.
    const contracts = this.#contracts;
    if (placed.status === 'rejected' && contracts?.cameFromStore(instrument) && / IB 200 /.test(placed.rejectReason ?? '')) await contracts.forget(instrument);
    return placed;
  }

  async modifyOrder(order: BrokerOrder, change: OrderChange, instrument: Instrument): Promise<BrokerOrder> {
    const contract = await this.#orderContract(instrument);
    const book = this.#orderBook();
    const { config } = this.#options;
    // The whole order again, under its own id and tag: IB takes a placeOrder for a working id as its new terms.
    const intent: OrderIntent = { tag: order.tag, symbol: order.symbol, side: order.side, quantity: change.quantity, limitPrice: change.limitPrice, referencePrice: change.limitPrice };
    const ibOrder = isCombo(instrument) ? comboLimitOrder(intent, config.account) : adaptiveLimitOrder(intent, contract, config.adaptivePriority, config.account);
    return book.modify(order, change, contract, ibOrder, config.requestTimeoutSeconds * 1000);
  }

  async awaitOrders(brokerIds: readonly string[], timeoutMs: number): Promise<BrokerOrder[]> {
    const book = this.#orderBook();
    // Orders of an earlier session are unknown here until IB lists them again.
    if (brokerIds.some((id) => !book.get(id))) {
      await this.openOrders();
      await this.#readCompletedOrders();
    }
    const states = await book.awaitTerminal(brokerIds, timeoutMs);
    const lost = this.#session?.lostReason;
    if (lost && lost.code !== 'closed') throw lost;
    return states;
  }

  async executions(since: number): Promise<Fill[]> {
    return this.#need(this.#executions).since(since);
  }

  async qualify(instrument: Instrument): Promise<QualifiedContract> {
    return this.#need(this.#contracts).qualify(instrument);
  }

  /** Daily (or other) bars from IB's historical data, paced by IB's historical rules. */
  async historicalBars(instrument: Instrument, options: { duration: string; barSize: string; end?: string }): Promise<Bar[]> {
    const qualified = await this.qualify(instrument);
    const whatToShow = instrument.secType === 'CASH' ? 'MIDPOINT' : 'TRADES';
    return fetchHistory(this.session, this.#pacer, { contract: qualified.contract, symbol: instrument.symbol, end: options.end ?? '', duration: options.duration, barSize: options.barSize, whatToShow, useRth: true }, this.#options.config.gatewayTimeZone);
  }

  /** IB's clock (reqCurrentTime), epoch ms, for the clock-skew check of `doctor`. */
  async serverTime(): Promise<number> {
    return this.session.request<number>({
      what: 'current time',
      send: (ib) => ib.reqCurrentTime(),
      listen: (ib, done) => {
        const onTime = (seconds: number) => done(seconds * 1000);
        ib.on(EventName.currentTime, onTime);
        return () => ib.off(EventName.currentTime, onTime);
      },
    });
  }

  /** Asks IB for its next valid order id (reqIds) and moves the id counter past it. */
  async #refreshOrderIds(): Promise<void> {
    const next = await this.session.request<number>({
      what: 'next valid order id',
      send: (ib) => ib.reqIds(),
      listen: (ib, done) => {
        const onId = (id: number) => done(id);
        ib.on(EventName.nextValidId, onId);
        return () => ib.off(EventName.nextValidId, onId);
      },
    });
    this.#need(this.#ids).observe(next - 1);
  }

  #orderBook(): IbOrderBook {
    return this.#need(this.#book);
  }

  #need<T>(part: T | undefined): T {
    if (part === undefined || !this.#session?.connected) throw this.#session?.lostReason ?? new BrokerError('not connected to IB Gateway: connect first', 'temporary', 'not-connected');
    return part;
  }

  #symbolFor(contract: Contract): string {
    return this.#symbols.symbolFor(contract);
  }
}
