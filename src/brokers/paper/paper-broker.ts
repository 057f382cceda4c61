import type { OptionModelConfig, PaperBrokerConfig } from '../../config/schema.js';
import { isCombo, isOption, parseOptionSymbol } from '../../domain/option.js';
import type { OptionChain } from '../../domain/option-chain.js';
import { comboQuote } from '../../options/combo-quote.js';
import { paperOptionChain } from '../../options/paper-chain.js';
import { OptionPricedView } from './option-quotes.js';
import type { MarketData } from '../../data/market-data.js';
import type { AccountSnapshot } from '../../domain/account.js';
import type { CorporateAction } from '../../domain/corporate-action.js';
import type { BarWindow } from '../../data/bar-series.js';
import type { Quote } from '../../domain/bar.js';
import type { Clock } from '../../domain/clock.js';
import type { Instrument } from '../../domain/instrument.js';
import { roundMoney, type Currency, type FxRates } from '../../domain/money.js';
import { TERMINAL_ORDER_STATUSES, type BrokerOrder, type Fill, type OrderIntent } from '../../domain/order.js';
import { BrokerError, type Broker, type OrderChange } from '../broker.js';
import { BarsMarketView, paperQuote, seriesQuote, type MarketView } from './market-view.js';
import { symbolActions, type SymbolAction } from './corporate-actions.js';
import { PaperMatchingEngine, type FillModel } from './matching.js';
import { checkPaperState, newPaperState, type PaperOrder, type PaperStateStore } from './paper-state.js';
import { fxRatesFromView, noDataError } from './valuation.js';

export interface PaperBrokerOptions {
  readonly config: PaperBrokerConfig;
  readonly accountId: string;
  readonly baseCurrency: Currency;
  readonly instruments: readonly Instrument[];
  readonly marketData: MarketData;
  readonly clock: Clock;
  readonly state: PaperStateStore;
  /** How orders fill (default `limit`, as paper trading does); backtests may choose another. */
  readonly fillModel?: FillModel;
  /** Which bars may fill a next-open order: those inside the instrument's sessions, unless the data is the calendar. */
  readonly mayTradeAt?: (symbol: string, start: number) => boolean;
  /** The option model (config `options.model`): without it the paper broker lists and trades no options. */
  readonly optionModel?: OptionModelConfig;
}

const COMPLETED_ORDERS_MS = 24 * 3600_000;
const NO_SYMBOLS: readonly string[] = [];

function marketDataError(error: unknown): BrokerError {
  return new BrokerError(`paper broker: cannot read market data: ${(error as Error).message}`, 'operational');
}

function toBrokerOrder(order: PaperOrder): BrokerOrder {
  const { id, tag, symbol, side, quantity, limit, filled, status, rejectReason } = order;
  const brokerOrder: BrokerOrder = { brokerId: id, tag, symbol, side, quantity, limitPrice: limit, filledQuantity: filled, status };
  return rejectReason === undefined ? brokerOrder : { ...brokerOrder, rejectReason };
}

function sameOrder(known: BrokerOrder, order: PaperOrder): boolean {
  return known.brokerId === order.id && known.status === order.status && known.filledQuantity === order.filled && known.quantity === order.quantity && known.limitPrice === order.limit && known.rejectReason === order.rejectReason && known.tag === order.tag && known.symbol === order.symbol && known.side === order.side;
}

/**
 * The BrokerOrder last made for each order asked about at one time, handed out again while the
 * order is as it was: a run places its orders and then asks for their states at the same time,
 * and a BrokerOrder is read-only. Only the orders from the first one asked about at that time
 * on are kept (ids are places counted from 1), and only until the time moves.
 */
class BrokerOrderViews {
  #now = Number.NaN;
  #first = -1;
  readonly #views: BrokerOrder[] = [];

  of(order: PaperOrder, now: number): BrokerOrder {
    const views = this.#views;
    if (now !== this.#now) {
      this.#now = now;
      this.#first = -1;
      views.length = 0;
    }
    const place = Number(order.id) - 1;
    if (this.#first < 0 && place >= 0) this.#first = place;
    const at = place - this.#first;
    // Outside the places kept (an older order, or one past a gap): made, not kept.
    if (!(at >= 0 && at <= views.length)) return toBrokerOrder(order);
    const known = at < views.length ? views[at]! : undefined;
    // Every field compared: another engine (a reconnect to another account) reuses ids.
    if (known !== undefined && sameOrder(known, order)) return known;
    const made = toBrokerOrder(order);
    if (at === views.length) views.push(made);
    else views[at] = made;
    return made;
  }
}


/**
 * The embedded paper broker: the Broker port over the matching engine. Before every call it
 * matches the working orders against the bars that ended since the last call, on its clock,
 * and it saves the account after every call that changed it.
 */
export class PaperBroker implements Broker {
  readonly name = 'paper';
  readonly #options: PaperBrokerOptions;
  // Every call reads the bars of every instrument (matching, valuation and FX rates need them).
  readonly #symbols: readonly string[];
  readonly #symbolSet: ReadonlySet<string>;
  readonly #exchangeOf: (symbol: string) => string | undefined;
  #engine: PaperMatchingEngine | undefined;
  // The engine of the last session: if the store hands back the very object that engine saved
  // (a store that belongs to this broker alone), nobody else changed it and the engine's
  // indexes still hold, so a reconnect costs nothing however long the account's history.
  #retired: PaperMatchingEngine | undefined;
  #savedRevision = -1;
  // The bars fetched for the last call: the calls of one run share a clock reading.
  #fetched: { now: number; series: ReadonlyMap<string, BarWindow>; view: MarketView } | undefined;
  // Calls run one at a time: each reads the clock, matches, then acts on a consistent state.
  #queue: Promise<unknown> = Promise.resolve();
  // Calls queued and not yet finished: with none, a call whose bars are fetched runs at once.
  #pending = 0;
  // The instruments' splits and dividends, read once at the first connect: they are booked on their ex-dates.
  #actions: readonly SymbolAction[] | undefined;
  // The last quotes, place by place with the view and instrument each was made for: a quote
  // depends on nothing else, and a run asks for the same instruments' quotes more than once at
  // one time (Quote is read-only, so the objects can be handed out again).
  readonly #quoteViews: MarketView[] = [];
  readonly #quoteInstruments: Instrument[] = [];
  readonly #quoteValues: Quote[] = [];
  readonly #orderViews = new BrokerOrderViews();
  // The instruments of the last quotes asked for, and their symbols that are not the broker's own.
  #extraFor: readonly Instrument[] = [];
  #extra: readonly string[] = NO_SYMBOLS;

  constructor(options: PaperBrokerOptions) {
    this.#options = options;
    this.#symbols = [...new Set(options.instruments.map((instrument) => instrument.symbol))];
    this.#symbolSet = new Set(this.#symbols);
    // Made once: a backtest fetches the bars of a new moment at every mark.
    const exchanges = new Map(options.instruments.map((instrument) => [instrument.symbol, instrument.exchange]));
    this.#exchangeOf = (symbol) => exchanges.get(symbol);
  }

  async connect(): Promise<void> {
    await this.#serial(async () => {
      if (!this.#engine) {
        const { config, baseCurrency, instruments, clock, state } = this.#options;
        const loaded = await this.#storeCall('load', async () => {
          const stored = await state.load();
          return stored === undefined ? undefined : checkPaperState(stored);
        });
        this.#actions ??= await this.#readActions();
        const paperState = loaded ?? newPaperState(config.initialCash, clock.now());
        const { fillModel, mayTradeAt, optionModel } = this.#options;
        const retired = this.#retired;
        this.#retired = undefined;
        this.#engine = retired && retired.state === loaded ? retired : new PaperMatchingEngine({ config, baseCurrency, instruments, state: paperState, ...(fillModel ? { fillModel } : {}), ...(mayTradeAt ? { mayTradeAt } : {}), ...(optionModel ? { optionModel } : {}) });
        this.#savedRevision = loaded === undefined ? -1 : this.#engine.revision;
      }
    });
    await this.#call(() => undefined);
  }

  async disconnect(): Promise<void> {
    await this.#serial(async () => {
      const engine = this.#engine;
      if (!engine) return;
      await this.#save(engine);
      this.#retired = engine;
      this.#engine = undefined;
    });
  }

  account(): Promise<AccountSnapshot> {
    return this.#call((engine, view) => {
      const valuation = engine.value(view);
      const base = this.#options.baseCurrency;
      return {
        accountId: this.#options.accountId,
        baseCurrency: base,
        netLiquidation: roundMoney(valuation.nlv, base),
        cash: valuation.cash,
        // The engine replaces a position's object at every change and never writes to one, so
        // the snapshot can hold the objects themselves: a new list, and no copy per position.
        positions: engine.state.positions.slice(),
      };
    });
  }

  quotes(instruments: readonly Instrument[]): Promise<Quote[]> {
    return this.#call(this.#quotesOf, instruments, undefined, this.#extraSymbolsOf(instruments));
  }

  /**
   * The symbols among `instruments` whose bars the broker does not fetch on its own (its own
   * are always fetched). A run asks for the quotes of the same instruments again and again: the
   * list is worked out again only when the instruments differ, one by one, from the last ones,
   * rather than a look-up of every symbol at every call.
   */
  #extraSymbolsOf(instruments: readonly Instrument[]): readonly string[] {
    const last = this.#extraFor;
    let same = last.length === instruments.length;
    for (let i = 0; same && i < instruments.length; i++) same = last[i] === instruments[i];
    if (same) return this.#extra;
    const extra: string[] = [];
    for (const instrument of instruments) if (!isOption(instrument) && !isCombo(instrument) && !this.#symbolSet.has(instrument.symbol)) extra.push(instrument.symbol);
    this.#extraFor = instruments.slice();
    this.#extra = extra.length === 0 ? NO_SYMBOLS : extra;
    return this.#extra;
  }

  // Made once, with its arguments passed in: no closure per call.
  readonly #quotesOf = (engine: PaperMatchingEngine, view: MarketView, instruments: readonly Instrument[]): Quote[] => {
    const views = this.#quoteViews;
    const quoted = this.#quoteInstruments;
    const values = this.#quoteValues;
    const quotes: Quote[] = [];
    for (let i = 0; i < instruments.length; i++) {
      const instrument = instruments[i]!;
      if (isOption(instrument) || isCombo(instrument)) {
        const quote = isCombo(instrument) ? comboQuote(instrument, (symbol) => engine.optionQuote(symbol, view)) : engine.optionQuote(instrument.symbol, view);
        if (!quote) throw new BrokerError(`paper broker: cannot quote ${instrument.symbol}: ${this.#options.optionModel ? `no market data for its underlying at or before ${new Date(view.now).toISOString()}` : 'it trades no options without an options section in the config'}`, 'operational');
        quotes.push(quote);
        continue;
      }
      if (views[i] === view && quoted[i] === instrument) {
        quotes.push(values[i]!);
        continue;
      }
      // From the symbol's series when the view has one: the price and its time are read
      // without a KnownPrice object per symbol and call.
      const series = view.seriesOf?.(instrument.symbol);
      const known = series ? undefined : view.price(instrument.symbol);
      const quote = series ? seriesQuote(instrument, series, view.now, this.#options.config.spreadBps) : known && paperQuote(instrument, known, this.#options.config.spreadBps);
      if (!quote) throw noDataError(instrument.symbol, view.now);
      views[i] = view;
      quoted[i] = instrument;
      values[i] = quote;
      quotes.push(quote);
    }
    return quotes;
  };

  // Made once, with the order and instrument passed in: a closure over them per order placed cost an object per order.
  readonly #placeOn = (engine: PaperMatchingEngine, view: MarketView, order: OrderIntent, instrument: Instrument): BrokerOrder =>
    this.#orderViews.of(isCombo(instrument) ? engine.placeCombo(order, instrument, view) : engine.place(order, view), view.now);

  fxRates(base: string, currencies: readonly string[]): Promise<FxRates> {
    return this.#call((engine, view) => fxRatesFromView(base, engine.fxPairs, view, currencies));
  }

  openOrders(): Promise<BrokerOrder[]> {
    return this.#call((engine, view) => {
      const working = engine.workingOrders();
      const orders: BrokerOrder[] = [];
      for (let i = 0; i < working.length; i++) orders.push(this.#orderViews.of(working[i]!, view.now));
      return orders;
    });
  }

  async cancelOrder(brokerId: string): Promise<void> {
    await this.#call((engine) => engine.cancel(brokerId));
  }

  /** The paper broker uses its own instrument for the symbol, as IB uses its contract database; a combination brings its legs. */
  placeOrder(order: OrderIntent, instrument: Instrument): Promise<BrokerOrder> {
    return this.#call(this.#placeOn, order, instrument);
  }

  get optionChain(): ((underlying: Instrument) => Promise<OptionChain>) | undefined {
    const model = this.#options.optionModel;
    if (!model) return undefined;
    return (underlying) =>
      this.#call((_engine, view) => {
        const known = view.price(underlying.symbol);
        if (!known) throw noDataError(underlying.symbol, view.now);
        return paperOptionChain(underlying, known.price, view.now, model.strikeStepPct);
      });
  }

  /** The paper broker finds the order by its id, as IB does; the rest of `order` is the caller's view of it. */
  modifyOrder(order: BrokerOrder, change: OrderChange, _instrument: Instrument): Promise<BrokerOrder> {
    return this.#call((engine, view) => this.#orderViews.of(engine.modify(order.brokerId, change, view), view.now));
  }

  /** Paper fills happen on the calls themselves, so there is nothing to wait for. */
  awaitOrders(brokerIds: readonly string[], _timeoutMs: number): Promise<BrokerOrder[]> {
    return this.#call((engine, view) =>
      brokerIds.map((id) => {
        const order = engine.order(id);
        if (!order) throw new BrokerError(`paper broker: no order with id ${id}`, 'rejected');
        return this.#orderViews.of(order, view.now);
      }),
    );
  }

  /** Finished orders placed in the last day, as a broker lists the day's completed orders. */
  completedOrders(): Promise<BrokerOrder[]> {
    return this.#call((engine, view) => engine.state.orders.filter((order) => order.placedAt >= view.now - COMPLETED_ORDERS_MS && TERMINAL_ORDER_STATUSES.has(order.status)).map(toBrokerOrder));
  }

  executions(since: number): Promise<Fill[]> {
    return this.#call((engine) => {
      // The engine books fills as its clock moves, so they are in time order: the recent ones
      // are found from the end, at a cost that does not grow with the account's history.
      const fills = engine.state.fills;
      let first = fills.length;
      while (first > 0 && fills[first - 1]!.time >= since) first -= 1;
      // The engine never changes a fill it recorded, and a Fill is read-only: the objects
      // themselves, as account() hands out its positions, not a copy for each caller to keep.
      return fills.slice(first);
    });
  }

  /** The account's net liquidation value now, unrounded: what a backtest marks its equity curve with, without copying the positions. */
  netLiquidation(): Promise<number> {
    return this.#call((engine, view) => engine.value(view).nlv);
  }

  /** NLV with the gross and net value of the positions, in the base currency, from one valuation. */
  exposure(): Promise<{ readonly nlv: number; readonly gross: number; readonly net: number }> {
    return this.#call((engine, view) => {
      const valuation = engine.value(view);
      return { nlv: valuation.nlv, gross: valuation.grossPositions, net: valuation.netPositions };
    });
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    this.#pending++;
    const settle = () => {
      this.#pending--;
    };
    const run = this.#queue.then(task, task).finally(settle);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** `a` and `b` are passed on to `act`, which then needs no closure over them. */
  #call<T, A = undefined, B = undefined>(act: (engine: PaperMatchingEngine, view: MarketView, a: A, b: B) => T, a?: A, b?: B, extraSymbols: readonly string[] = NO_SYMBOLS): Promise<T> {
    // The fast path of a backtest's hundreds of calls at one time: with no call queued and the
    // bars of this moment fetched, the call runs now, in the order it was made, as the queue
    // would have run it next; only a save that must wait for the store goes through the queue.
    const engine = this.#engine;
    if (this.#pending === 0 && engine) {
      const now = this.#options.clock.now();
      let fetched = this.#fetchedFor(now, extraSymbols);
      // A source that holds its bars in memory (a backtest's) answers at once: each bar of a
      // backtest moves the clock, and its mark of the account then needs no wait either.
      if (!fetched) {
        try {
          fetched = this.#fetchedNow(now, extraSymbols);
        } catch (error) {
          return Promise.reject(error);
        }
      }
      if (fetched) {
        let result: T;
        try {
          result = this.#act(engine, fetched, now, act, a as A, b as B);
        } catch (error) {
          if (this.#saved(engine)) return Promise.reject(error);
          return this.#serial(async () => {
            await this.#save(engine);
            throw error;
          });
        }
        if (this.#saved(engine)) return Promise.resolve(result);
        return this.#serial(async () => {
          await this.#save(engine);
          return result;
        });
      }
    }
    return this.#serial(async () => {
      const engine = this.#engine;
      if (!engine) throw new BrokerError('paper broker is not connected: call connect() first', 'operational');
      const now = this.#options.clock.now();
      // The bars of this moment are usually fetched already (a run places hundreds of orders at one time): no wait then.
      const fetched = this.#fetchedFor(now, extraSymbols) ?? (await this.#fetchBars(now, extraSymbols));
      try {
        return this.#act(engine, fetched, now, act, a as A, b as B);
      } finally {
        if (!this.#saved(engine)) await this.#save(engine);
      }
    });
  }

  /** Matches what ended by `now`, then acts: the synchronous part of every call. */
  #act<T, A, B>(engine: PaperMatchingEngine, fetched: { series: ReadonlyMap<string, BarWindow>; view: MarketView }, now: number, act: (engine: PaperMatchingEngine, view: MarketView, a: A, b: B) => T, a: A, b: B): T {
    engine.advance(fetched.series, now, this.#actions);
    if (this.#options.optionModel) engine.matchCombos(fetched.view);
    return act(engine, fetched.view, a, b);
  }

  /** Whether the store has the engine's account as it is now: saved since its last change, or held by the store itself. */
  #saved(engine: PaperMatchingEngine): boolean {
    if (engine.revision === this.#savedRevision) return true;
    if (!this.#options.state.holds?.(engine.state)) return false;
    this.#savedRevision = engine.revision;
    return true;
  }

  #fetchedFor(now: number, extraSymbols: readonly string[]): { series: ReadonlyMap<string, BarWindow>; view: MarketView } | undefined {
    const fetched = this.#fetched;
    if (fetched?.now !== now) return undefined;
    // The broker's own symbols are fetched at every fetch: only others can be missing.
    for (const symbol of extraSymbols) if (!this.#symbolSet.has(symbol) && !fetched.series.has(symbol)) return undefined;
    return fetched;
  }

  async #fetchBars(now: number, extraSymbols: readonly string[]): Promise<{ series: ReadonlyMap<string, BarWindow>; view: MarketView }> {
    let made: ReadonlyMap<string, BarWindow>;
    try {
      made = await this.#options.marketData.barsOf(this.#symbolsWith(extraSymbols), now);
    } catch (error) {
      throw marketDataError(error);
    }
    return this.#keepFetched(now, made);
  }

  /** #fetchBars without a wait, from a source that answers at once; undefined from one that cannot. */
  #fetchedNow(now: number, extraSymbols: readonly string[]): { series: ReadonlyMap<string, BarWindow>; view: MarketView } | undefined {
    const data = this.#options.marketData;
    if (!data.barsOfNow) return undefined;
    let made: ReadonlyMap<string, BarWindow>;
    try {
      made = data.barsOfNow(this.#symbolsWith(extraSymbols), now);
    } catch (error) {
      throw marketDataError(error);
    }
    return this.#keepFetched(now, made);
  }

  /** The broker's symbols, and those of `extraSymbols` it does not trade (options excepted: the view prices them). */
  #symbolsWith(extraSymbols: readonly string[]): readonly string[] {
    const extra = extraSymbols.filter((symbol) => !this.#symbolSet.has(symbol) && parseOptionSymbol(symbol) === undefined);
    return extra.length === 0 ? this.#symbols : [...this.#symbols, ...new Set(extra)];
  }

  #keepFetched(now: number, made: ReadonlyMap<string, BarWindow>): { series: ReadonlyMap<string, BarWindow>; view: MarketView } {
    const bars = new BarsMarketView(made, now);
    const model = this.#options.optionModel;
    this.#fetched = { now, series: made, view: model ? new OptionPricedView(bars, model, this.#exchangeOf) : bars };
    return this.#fetched;
  }

  async #readActions(): Promise<readonly SymbolAction[]> {
    const bySymbol = new Map<string, readonly CorporateAction[]>();
    for (const symbol of this.#symbols) {
      try {
        const actions = await this.#options.marketData.actions(symbol);
        if (actions.length > 0) bySymbol.set(symbol, actions);
      } catch (error) {
        throw new BrokerError(`paper broker: cannot read the corporate actions of ${symbol}: ${(error as Error).message}`, 'operational');
      }
    }
    return symbolActions(bySymbol);
  }

  async #save(engine: PaperMatchingEngine): Promise<void> {
    if (engine.revision === this.#savedRevision) return;
    await this.#storeCall('save', () => this.#options.state.save(engine.state));
    this.#savedRevision = engine.revision;
  }

  async #storeCall<T>(what: 'load' | 'save', task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      if (error instanceof BrokerError) throw error;
      throw new BrokerError(`paper broker: cannot ${what} the paper account: ${(error as Error).message}`, 'operational');
    }
  }
}
