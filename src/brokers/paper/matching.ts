import type { OptionModelConfig, PaperBrokerConfig } from '../../config/schema.js';
import { intrinsicValue } from '../../options/black-scholes.js';
import { comboQuote } from '../../options/combo-quote.js';
import { instrumentsWithOptions } from '../../options/option-map.js';
import { expiryTime } from '../../options/paper-chain.js';
import { isOption, legSide, optionFromSymbol, type ComboInstrument } from '../../domain/option.js';
import { lastKnownPrice } from '../../data/bar-series.js';
import { paperOptionQuote } from './option-quotes.js';
import { BarSeries, lastBarAtOrBefore, type BarWindow } from '../../data/bar-series.js';
import { WindowsUntil } from '../../data/windows-until.js';
import type { Bar } from '../../domain/bar.js';
import type { Instrument } from '../../domain/instrument.js';
import { fromMinor, toMinor, type Currency, type FxRates } from '../../domain/money.js';
import { signedQuantity, type Fill, type OrderIntent } from '../../domain/order.js';
import { BrokerError } from '../broker.js';
import { commissionTotal, fillCommissionMinor, fillCommissionMinorOf, fxFillCommissionMinorOf } from './commission.js';
import { applyActionToAccount, dueActions, splitOrder, type DueAction, type SymbolAction } from './corporate-actions.js';
import { paperAsk, paperBid, paperQuote, type MarketView } from './market-view.js';
import { buyingPowerRejectReason, formRejectReason } from './order-checks.js';
import { paperExecId, type PaperOrder, type PaperState } from './paper-state.js';
import { applyFill } from './position-math.js';
import { roundDownToStep } from './steps.js';
import { AccountValuer, type AccountValuation } from './valuation.js';

/**
 * How working orders fill. `limit`: as the paper broker trades, a limit order fills when a bar
 * trades through its limit. `next-open-market`: an order waits for the open of the next bar of
 * its instrument that may trade and fills there as a market order (at the open ± half the
 * spread), the way backtrader fills an order made at a close.
 */
export type FillModel = 'limit' | 'next-open-market';

export interface PaperEngineOptions {
  readonly config: PaperBrokerConfig;
  /** Default `limit`. */
  readonly fillModel?: FillModel;
  /** Whether the bar of `symbol` starting at `start` may fill a next-open order; default every bar. */
  readonly mayTradeAt?: (symbol: string, start: number) => boolean;
  readonly baseCurrency: Currency;
  readonly instruments: readonly Instrument[];
  /** Mutated in place: the engine owns it from now on. */
  readonly state: PaperState;
  /** Options are listed and quoted by this model; without it the engine trades no options. */
  readonly optionModel?: OptionModelConfig;
}

/** The tag of an expiry's settlement: an own tag (so the cycle books it) naming the day, not a run. */
export function expiryTag(expiry: string, symbol: string): string {
  return `r-expiry-${expiry.replaceAll('-', '')}:${symbol}`;
}

// What most advances return: every broker call advances the engine, and most match nothing.
const NO_FILLS: readonly Fill[] = [];
const NO_CURRENCIES: readonly Currency[] = [];

/** Whether `rates` has a rate for each of `currencies`: the base currency's is always there. */
function hasEveryRate(rates: FxRates, currencies: readonly Currency[]): boolean {
  for (let i = 0; i < currencies.length; i++) {
    const currency = currencies[i]!;
    if (currency !== rates.base && !rates.has(currency)) return false;
  }
  return true;
}

function cleanQuantity(quantity: number): number {
  // Whole quantities, by far the most common, have no noise to clean.
  if (Number.isInteger(quantity) && Math.abs(quantity) < 1e12) return quantity;
  return Number(quantity.toPrecision(12));
}

/**
 * The series of `symbol` handed out by `from` (windows, or a view that hands out series), whose
 * series are those of `source` (WindowsUntil.source, MarketView.seriesSource): looked up once
 * per source and kept in the symbol's book.
 */
function bookSeries(book: SymbolBook, from: { seriesOf(symbol: string): BarSeries | undefined }, source: object, symbol: string): BarSeries | undefined {
  if (book.seriesSource !== source) {
    book.series = from.seriesOf(symbol);
    book.seriesSource = source;
  }
  return book.series;
}

function isWorking(order: PaperOrder): boolean {
  return order.status === 'submitted' || order.status === 'partially-filled';
}

/** Since when the order's current terms hold: placed, or last amended. */
function activeSince(order: PaperOrder): number {
  return order.amendedAt ?? order.placedAt;
}

/**
 * What the engine keeps per symbol, made when the symbol is first traded and kept from then on:
 * a batch of orders places, fills and closes hundreds of symbols at one time, and a set per
 * symbol made and dropped with its orders cost more than the orders' own bookkeeping.
 */
interface SymbolBook {
  /** The symbol's instrument, looked up once: every order and fill of the symbol needs it (kept in step with the engine's map). */
  instrument: Instrument | undefined;
  /** The symbol's working orders, in the order they started working (a symbol has one or two). */
  readonly working: PaperOrder[];
  /** Where each of them is in the engine's list of working orders. */
  readonly slots: number[];
  /** Where the symbol's position was last seen in the state's positions: checked at each use. */
  position: number;
  /** The last pass over the working orders that saw the symbol, so that a pass visits it once. */
  visit: number;
  /** The symbol's series in the windows of `seriesSource` (see WindowsUntil.source), looked up once per source. */
  series: BarSeries | undefined;
  seriesSource: object | undefined;
}

/**
 * The simulated exchange and account: validates orders, fills them against quotes and ended
 * bars, books cash, positions and commission. Synchronous and free of I/O, so the backtester
 * can drive it bar by bar; the PaperBroker facade adds the clock, market data and the store.
 */
export class PaperMatchingEngine {
  readonly #config: PaperBrokerConfig;
  readonly #base: Currency;
  readonly #instruments: Map<string, Instrument>;
  readonly #optionModel: OptionModelConfig | undefined;
  readonly #state: PaperState;
  readonly #fillModel: FillModel;
  readonly #mayTradeAt: (symbol: string, start: number) => boolean;
  // Working orders in placement order, by tag, and the base of what their buys will still spend
  // per currency: each order placed or filled costs O(1), whatever the size of the batch.
  // The orders are a list with holes where orders stopped working (each book knows its orders'
  // places), from #workingStart to #workingEnd: a batch starts and ends hundreds at one time,
  // and a Set grew and shrank its hash table, and hashed each order, with every batch.
  readonly #working: (PaperOrder | undefined)[] = [];
  // Each working order's book, at the order's place: a pass over the working orders and a fill
  // reach the symbol's book without a look-up by symbol.
  readonly #workingBooks: (SymbolBook | undefined)[] = [];
  #workingStart = 0;
  #workingEnd = 0;
  #workingCount = 0;
  // An order's entry stays when it stops working, and counts only while the order works: a
  // table that shrank with every fill was rebuilt step by step at each batch. Cleared when no
  // order works, pruned when stale entries outnumber the working orders.
  readonly #workingByTag = new Map<string, PaperOrder>();
  // The working combination orders alone, in the same order: every call of a broker with an
  // option model matches them, and a walk over all working orders was a scan per order placed.
  readonly #workingCombos = new Set<PaperOrder>();
  readonly #books = new Map<string, SymbolBook>();
  #visits = 0;
  // Per currency with working buys, in the order the currencies came: a list, not a map by
  // currency, since an account buys in a currency or two, and a walk over a list of one or two
  // costs less than a look-up by string at every buy placed and filled.
  readonly #buys: { readonly currency: Currency; orders: number; value: number }[] = [];
  // The opens of one pass of #fillAtOpens, as columns kept from pass to pass: no arrays made per batch.
  readonly #openStarts: number[] = [];
  readonly #openOrders: PaperOrder[] = [];
  readonly #openBooks: SymbolBook[] = [];
  readonly #openRanks: number[] = [];
  readonly #openPrices: number[] = [];
  readonly #openVolumes: number[] = [];
  #revision = 0;
  // Bumped by every fill: a valuation stays good while neither the holdings nor the clock moved.
  #holdingsRevision = 0;
  #valuation: { view: MarketView; holdingsRevision: number; valuation: AccountValuation } | undefined;
  readonly #actionCursor = { next: 0 };
  readonly #valuer: AccountValuer;

  constructor(options: PaperEngineOptions) {
    this.#config = options.config;
    this.#base = options.baseCurrency;
    this.#optionModel = options.optionModel;
    this.#instruments = options.optionModel ? instrumentsWithOptions(options.instruments) : new Map(options.instruments.map((instrument) => [instrument.symbol, instrument]));
    this.#state = options.state;
    this.#valuer = new AccountValuer(this.#instruments, this.#base);
    for (const order of this.#state.orders) if (order.legs && isWorking(order)) this.#registerCombo(order);
    this.#fillModel = options.fillModel ?? 'limit';
    this.#mayTradeAt = options.mayTradeAt ?? (() => true);
    for (const order of this.#state.orders) if (isWorking(order)) this.#addWorking(order);
  }

  /** The live state; copy it to keep a snapshot. */
  get state(): PaperState {
    return this.#state;
  }

  /** Grows with every change of the state, so the owner knows when to save. */
  get revision(): number {
    return this.#revision;
  }

  get instruments(): ReadonlyMap<string, Instrument> {
    return this.#instruments;
  }

  /** The CASH pairs among the instruments, whose prices give the FX rates. */
  get fxPairs(): readonly Instrument[] {
    return this.#valuer.fxPairs;
  }

  order(id: string): PaperOrder | undefined {
    // Ids are the positions of the orders in the state, counted from 1 (see place): no index to build at each connect.
    const byPosition = this.#state.orders[Number(id) - 1];
    return byPosition?.id === id ? byPosition : this.#state.orders.find((order) => order.id === id);
  }

  workingOrders(): readonly PaperOrder[] {
    const orders: PaperOrder[] = [];
    const working = this.#working;
    for (let i = this.#workingStart; i < this.#workingEnd; i++) {
      const order = working[i];
      if (order) orders.push(order);
    }
    return orders;
  }

  /**
   * Values the account; `alsoNeeded` currencies must have FX rates even if the account holds none.
   * A cycle values the account at one moment several times (its account, the buying power of
   * its buys, the mark after it) while nothing fills: a valuation at the same view and holdings
   * is the one a new valuation would give, when it has the rates asked for (they only decide
   * whether a valuation may stand, not what it values). Its cash is copied, as a new valuation's
   * would be a new record.
   */
  value(view: MarketView, alsoNeeded: readonly Currency[] = NO_CURRENCIES): AccountValuation {
    const cached = this.#valuation;
    if (cached !== undefined && cached.view === view && cached.holdingsRevision === this.#holdingsRevision && hasEveryRate(cached.valuation.rates, alsoNeeded)) {
      const valuation = cached.valuation;
      return { cash: { ...valuation.cash }, rates: valuation.rates, cashBase: valuation.cashBase, nlv: valuation.nlv, grossPositions: valuation.grossPositions, netPositions: valuation.netPositions };
    }
    const valuation = this.#valuer.value(this.#state, view, alsoNeeded);
    this.#valuation = { view, holdingsRevision: this.#holdingsRevision, valuation };
    return valuation;
  }

  /**
   * Matches the working orders against every bar that ended after the last processed time and
   * at or before `now`, in the order the bars ended. `series` holds bars up to at least `now`.
   */
  advance(series: ReadonlyMap<string, BarWindow>, now: number, actions: readonly SymbolAction[] = []): readonly Fill[] {
    const since = this.#state.processedUntil;
    if (now <= since) return NO_FILLS;
    // An action takes effect as its ex-date's first bar starts: what traded before it is matched
    // first, that bar's open (a next-open fill) after it, at the new share count and price.
    // Without an action due, one match over the whole interval, as before actions existed.
    const due = actions.length > 0 ? dueActions(actions, series, since, now, this.#actionCursor) : undefined;
    let fills: readonly Fill[];
    if (due === undefined || due.length === 0) {
      fills = this.#match(series, since, now);
    } else {
      const joined: Fill[] = [];
      let from = since;
      for (const action of due) {
        if (action.time - 1 > from) {
          joined.push(...this.#match(series, from, action.time - 1));
          from = action.time - 1;
        }
        this.#applyAction(action);
      }
      joined.push(...this.#match(series, from, now));
      fills = joined;
    }
    if (this.#optionModel) {
      const expired = this.#settleExpired(series, now);
      if (expired.length > 0) fills = [...fills, ...expired];
    }
    this.#state.processedUntil = now;
    this.#revision++;
    return fills;
  }

  #match(series: ReadonlyMap<string, BarWindow>, since: number, now: number): readonly Fill[] {
    return this.#fillModel === 'limit' ? this.#matchEndedBars(series, since, now) : this.#fillAtOpens(series, since, now);
  }

  /** A split or dividend on its ex-date: the account and the symbol's working orders (see corporate-actions.ts). */
  #applyAction({ symbol, action }: DueAction): void {
    const instrument = this.#instruments.get(symbol);
    if (!instrument) return;
    if (action.kind === 'split') {
      for (const order of [...this.#bookOf(symbol).working]) {
        // Out and back in, so that the buys' reserved value follows the new terms.
        this.#removeWorking(order);
        splitOrder(order, action.value);
        this.#addWorking(order);
      }
    }
    applyActionToAccount(this.#state, instrument, action, this.#config.dividendWithholdingPct);
    this.#holdingsRevision++;
    this.#revision++;
  }

  #matchEndedBars(series: ReadonlyMap<string, BarWindow>, since: number, now: number): Fill[] {
    const events: { end: number; symbol: string; bar: Bar }[] = [];
    // Each symbol with working orders once; the events are sorted after, so the visiting order does not matter.
    const visit = ++this.#visits;
    const working = this.#working;
    const workingBooks = this.#workingBooks;
    for (let w = this.#workingStart; w < this.#workingEnd; w++) {
      const order = working[w];
      if (!order) continue;
      const book = workingBooks[w]!;
      if (book.visit === visit) continue;
      book.visit = visit;
      const symbol = order.symbol;
      const bars = series.get(symbol);
      if (!bars) continue;
      // Bars before the one in progress at `since` ended by then (bar ends never decrease).
      for (let i = Math.max(0, lastBarAtOrBefore(bars, since)); i < bars.length; i++) {
        const end = bars.end(i);
        if (end > now) break;
        if (end > since) events.push({ end, symbol, bar: bars.bar(i) });
      }
    }
    events.sort((a, b) => a.end - b.end || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
    return events.flatMap((event) => this.matchBar(event.symbol, event.bar, event.end));
  }

  /**
   * Next-open orders fill at the open of each bar that started after they were placed, within
   * (since, now], in time order; at one open, sells go first (their proceeds pay for the buys),
   * then by order id.
   */
  #fillAtOpens(series: ReadonlyMap<string, BarWindow>, since: number, now: number): readonly Fill[] {
    // Most advances of a backtest are marks between two decisions, with nothing working.
    if (this.#workingCount === 0) return NO_FILLS;
    // Windows cut at or after `now` are their series up to `now`: read in place, from the bar
    // the series' cursor finds at `now` back to the first that started in the interval.
    const whole = series instanceof WindowsUntil && series.until >= now ? series : undefined;
    // The opens at which the orders may fill, as columns: no object per open.
    const starts = this.#openStarts;
    const orders = this.#openOrders;
    const books = this.#openBooks;
    const ranks = this.#openRanks;
    const prices = this.#openPrices;
    const volumes = this.#openVolumes;
    let opens = 0;
    let inOrder = true;
    const working = this.#working;
    const workingBooks = this.#workingBooks;
    for (let w = this.#workingStart; w < this.#workingEnd; w++) {
      const order = working[w];
      if (!order) continue;
      const book = workingBooks[w]!;
      const from = Math.max(since, activeSince(order));
      const bars = whole ? bookSeries(book, whole, whole.source, order.symbol) : series.get(order.symbol);
      if (!bars) continue;
      const columns = bars instanceof BarSeries ? bars.columns : bars.series.columns;
      const times = columns.time;
      const count = bars instanceof BarSeries ? bars.countUntil(now) : bars.length;
      let first = count;
      while (first > 0 && times[first - 1]! > from) first--;
      // Sells first at one open, then by order id (the order they were placed in).
      const rank = (order.side === 'SELL' ? 0 : 1e15) + Number(order.id);
      for (let i = first; i < count; i++) {
        const start = times[i]!;
        if (start > now) break;
        if (!this.#mayTradeAt(order.symbol, start)) continue;
        const last = opens - 1;
        if (last >= 0 && (starts[last]! > start || (starts[last] === start && ranks[last]! > rank))) inOrder = false;
        starts[opens] = start;
        orders[opens] = order;
        books[opens] = book;
        ranks[opens] = rank;
        prices[opens] = columns.open[i]!;
        volumes[opens] = columns.volume[i]!;
        opens++;
      }
    }
    // A run places its sells, then its buys, each batch in id order: its opens come in order
    // already, and only other mixes need sorting.
    const sequence = inOrder ? undefined : Array.from({ length: opens }, (_v, k) => k).sort((a, b) => starts[a]! - starts[b]! || ranks[a]! - ranks[b]!);
    const fills: Fill[] = [];
    const spreadBps = this.#config.spreadBps;
    for (let k = 0; k < opens; k++) {
      const e = sequence ? sequence[k]! : k;
      const order = orders[e]!;
      if (order.status !== 'submitted' && order.status !== 'partially-filled') continue;
      const book = books[e]!;
      const instrument = book.instrument!;
      const price = order.side === 'BUY' ? paperAsk(instrument, prices[e]!, spreadBps) : paperBid(instrument, prices[e]!, spreadBps);
      const fill = this.#fillUpTo(order, instrument, this.#volumeCap(volumes[e]!, instrument), price, starts[e]!, book);
      if (fill) fills.push(fill);
    }
    return fills;
  }

  /**
   * Fills the working orders of `symbol` that a bar, ended at `end`, traded through: a buy when
   * the low reached its limit, at the limit or the better open; a sell when the high did.
   * Orders placed at or after the bar's end are not touched by it.
   */
  matchBar(symbol: string, bar: Bar, end: number): Fill[] {
    const fills: Fill[] = [];
    const instrument = this.#instruments.get(symbol)!;
    for (const order of [...this.#bookOf(symbol).working]) {
      if (activeSince(order) >= end) continue;
      const crossed = order.side === 'BUY' ? bar.low <= order.limit : bar.high >= order.limit;
      if (!crossed) continue;
      const price = order.side === 'BUY' ? Math.min(order.limit, bar.open) : Math.max(order.limit, bar.open);
      const fill = this.#fillUpTo(order, instrument, this.#volumeCap(bar.volume, instrument), price, end);
      if (fill) fills.push(fill);
    }
    return fills;
  }

  /**
   * Validates and books a combination order: all its legs fill together, at their own quotes,
   * once the net price of the legs reaches its limit (a buy at the net ask, a sell at the net
   * bid), or none does.
   */
  placeCombo(intent: OrderIntent, combo: ComboInstrument, view: MarketView): PaperOrder {
    const order = this.#newOrder(intent, view, combo.legs.map((leg) => ({ symbol: leg.instrument.symbol, ratio: leg.ratio, action: leg.action })));
    const reason = this.#comboRejectReason(intent, combo, view);
    if (reason !== undefined) {
      order.status = 'rejected';
      order.rejectReason = reason;
      return order;
    }
    this.#registerCombo(order);
    this.#addWorking(order);
    this.matchCombos(view);
    return order;
  }

  /** Fills every working combination order whose limit the legs' net quote reaches now. */
  matchCombos(view: MarketView): Fill[] {
    const fills: Fill[] = [];
    for (const order of [...this.#workingCombos]) {
      if (activeSince(order) > view.now) continue;
      const combo = this.#instruments.get(order.symbol) as ComboInstrument | undefined;
      const quote = combo && comboQuote(combo, (symbol) => this.#optionQuote(symbol, view));
      if (!combo || !quote) continue;
      const marketable = order.side === 'BUY' ? order.limit >= quote.ask : order.limit <= quote.bid;
      if (marketable) fills.push(...this.#fillCombo(order, combo, view));
    }
    return fills;
  }

  /** The paper quote of an option (or of a stock, for completeness) at the view's time. */
  optionQuote(symbol: string, view: MarketView): import('../../domain/bar.js').Quote | undefined {
    return this.#optionQuote(symbol, view);
  }

  #optionQuote(symbol: string, view: MarketView): import('../../domain/bar.js').Quote | undefined {
    const instrument = this.#instruments.get(symbol);
    if (!instrument || !this.#optionModel) return undefined;
    if (!isOption(instrument)) {
      const known = view.price(symbol);
      return known ? paperQuote(instrument, known, this.#config.spreadBps) : undefined;
    }
    const spot = view.price(instrument.underlying);
    return spot ? paperOptionQuote(instrument, spot, view.now, this.#optionModel) : undefined;
  }

  #comboRejectReason(intent: OrderIntent, combo: ComboInstrument, view: MarketView): string | undefined {
    if (!this.#optionModel) return 'the paper broker trades no options: add an options section to the config';
    const formReason = formRejectReason(intent, combo, this.#workingWithTag(intent.tag));
    if (formReason !== undefined) return formReason;
    if (combo.legs.length === 0) return `combination ${combo.symbol} has no legs`;
    for (const leg of combo.legs) {
      if (!optionFromSymbol(leg.instrument.symbol, (s) => this.#instruments.get(s))) return `leg ${leg.instrument.symbol} is not an option on a configured stock`;
      if (!(Number.isInteger(leg.ratio) && leg.ratio > 0)) return `leg ${leg.instrument.symbol} has ratio ${leg.ratio}, not a whole number ≥ 1`;
    }
    const quote = comboQuote(combo, (symbol) => this.#optionQuote(symbol, view));
    if (!quote) return `no market data for a leg of ${combo.symbol}: cannot price the order`;
    if (intent.side === 'SELL') return undefined;
    let valuation: AccountValuation;
    try {
      valuation = this.#valueForBuyingPower(view, combo.currency);
    } catch (error) {
      return `cannot check buying power: ${(error as Error).message}`;
    }
    const reservedBase = this.#reservedBase(valuation.rates);
    const value = intent.quantity * intent.limitPrice * combo.multiplier;
    const legContracts = intent.quantity * combo.legs.reduce((sum, leg) => sum + leg.ratio, 0);
    return buyingPowerRejectReason({ valuation, base: this.#base, instrument: combo, quantity: intent.quantity, limit: intent.limitPrice, mark: (quote.bid + quote.ask) / 2, commission: commissionTotal(this.#config.commission, legContracts, value), reservedBase });
  }

  #registerCombo(order: PaperOrder): void {
    const legs = (order.legs ?? []).flatMap((leg) => {
      const instrument = optionFromSymbol(leg.symbol, (s) => this.#instruments.get(s));
      return instrument ? [{ instrument, ratio: leg.ratio, action: leg.action }] : [];
    });
    const first = legs[0]?.instrument;
    if (!first) return;
    const combo = { symbol: order.symbol, secType: 'BAG', currency: first.currency, exchange: first.exchange, lotSize: 1, tickSize: first.tickSize, multiplier: first.multiplier, underlying: first.underlying, legs } as ComboInstrument;
    this.#instruments.set(order.symbol, combo);
    // A book made before holds the symbol's instrument as it was then.
    const book = this.#books.get(order.symbol);
    if (book) book.instrument = combo;
  }

  /** Every leg at once, at its own quote: bought legs at the ask, sold legs at the bid. */
  #fillCombo(order: PaperOrder, combo: ComboInstrument, view: MarketView): Fill[] {
    const quantity = cleanQuantity(order.quantity - order.filled);
    if (!(quantity > 0)) return [];
    const fills: Fill[] = [];
    let net = 0;
    if (order.side === 'BUY') this.#reserve(order, combo, -quantity);
    for (const leg of combo.legs) {
      const quote = this.#optionQuote(leg.instrument.symbol, view)!;
      const side = legSide(leg, order.side);
      const price = side === 'BUY' ? quote.ask : quote.bid;
      net += (side === order.side ? 1 : -1) * leg.ratio * price;
      const legQuantity = quantity * leg.ratio;
      const commissionMinor = fillCommissionMinor(this.#config.commission, combo.currency, { quantity: 0, value: 0 }, { quantity: legQuantity, value: legQuantity * price * combo.multiplier });
      fills.push(this.#book(order, leg.instrument, side, legQuantity, price, commissionMinor, view.now));
    }
    order.filled = cleanQuantity(order.filled + quantity);
    order.filledValue += quantity * net * combo.multiplier;
    order.status = 'filled';
    this.#removeWorking(order, combo);
    return fills;
  }

  /**
   * Options whose expiry has passed leave the account at their intrinsic value against the
   * underlying's price at the expiry's close, settled in cash: a closing execution at that
   * price, without commission, so the ledger books it like any trade.
   */
  #settleExpired(series: ReadonlyMap<string, BarWindow>, now: number): Fill[] {
    const fills: Fill[] = [];
    for (const position of [...this.#state.positions]) {
      const instrument = this.#instruments.get(position.symbol);
      if (!instrument || !isOption(instrument)) continue;
      const expires = expiryTime(instrument.expiry, instrument.exchange);
      if (expires > now) continue;
      const bars = series.get(instrument.underlying);
      const spot = bars ? lastKnownPrice(bars, expires) : undefined;
      if (!spot) continue;
      const price = Number(intrinsicValue(instrument.right, spot.price, instrument.strike).toFixed(4));
      const side = position.quantity > 0 ? 'SELL' : 'BUY';
      // Booked after the fills of this advance, so the fills stay in time order.
      const last = this.#state.fills[this.#state.fills.length - 1]?.time ?? expires;
      fills.push(this.#book({ id: '', tag: expiryTag(instrument.expiry, instrument.symbol) }, instrument, side, Math.abs(position.quantity), price, 0, Math.max(expires, last)));
    }
    return fills;
  }

  /** Books one execution: cash, position and the fill record. */
  #book(order: Pick<PaperOrder, 'id' | 'tag'>, instrument: Instrument, side: 'BUY' | 'SELL', quantity: number, price: number, commissionMinor: number, time: number): Fill {
    const currency = instrument.currency;
    const valueMinor = toMinor(quantity * price * instrument.multiplier, currency);
    this.#state.cash[currency] = (this.#state.cash[currency] ?? 0) + (side === 'BUY' ? -valueMinor : valueMinor) - commissionMinor;
    this.#bookPosition(instrument.symbol, signedQuantity(side, quantity), price);
    return this.#recordFill(order, instrument.symbol, side, quantity, price, commissionMinor, currency, time);
  }

  /** The record of an execution just booked, kept in the state; an expiry (no order id) is named by its symbol. */
  #recordFill(order: Pick<PaperOrder, 'id' | 'tag'>, symbol: string, side: 'BUY' | 'SELL', quantity: number, price: number, commissionMinor: number, currency: Currency, time: number): Fill {
    const fill: Fill = {
      execId: paperExecId(this.#state, order.id === '' ? `x${symbol}` : order.id, this.#state.nextExecSeq++),
      brokerOrderId: order.id,
      tag: order.tag,
      symbol,
      side,
      quantity,
      price,
      commission: fromMinor(commissionMinor, currency),
      currency,
      time,
    };
    this.#state.fills.push(fill);
    this.#revision++;
    this.#holdingsRevision++;
    return fill;
  }

  /** A new order in the state, submitted now, under the next id. */
  #newOrder(intent: OrderIntent, view: MarketView, legs?: PaperOrder['legs']): PaperOrder {
    const order: PaperOrder = {
      id: String(this.#state.nextOrderId++),
      tag: intent.tag,
      symbol: intent.symbol,
      side: intent.side,
      quantity: intent.quantity,
      limit: intent.limitPrice,
      filled: 0,
      filledValue: 0,
      status: 'submitted',
      placedAt: view.now,
    };
    // Set after, not spread in: an object per order less, and the same keys in the same order.
    if (legs) order.legs = legs;
    this.#state.orders.push(order);
    this.#revision++;
    return order;
  }

  /** Validates and books an order; a marketable one fills at once at the quote, up to the volume cap. */
  place(intent: OrderIntent, view: MarketView): PaperOrder {
    const order = this.#newOrder(intent, view);
    // The symbol's book, once traded, holds its instrument: one look-up for the checks and the booking.
    const known = this.#books.get(intent.symbol);
    const reason = this.#rejectReason(intent, known ? known.instrument : this.#instruments.get(intent.symbol), view, known);
    if (reason !== undefined) {
      order.status = 'rejected';
      order.rejectReason = reason;
      return order;
    }
    this.#addWorking(order, known ?? this.#bookOf(intent.symbol));
    // Next-open orders wait for the next bar whatever their limit: only limit orders can be marketable now.
    if (this.#fillModel !== 'limit') return order;
    this.#fillIfMarketable(order, view);
    return order;
  }

  #fillIfMarketable(order: PaperOrder, view: MarketView): void {
    const instrument = this.#instruments.get(order.symbol)!;
    const quote = paperQuote(instrument, view.price(order.symbol)!, this.#config.spreadBps);
    const marketable = order.side === 'BUY' ? order.limit >= quote.ask : order.limit <= quote.bid;
    if (marketable) {
      const price = order.side === 'BUY' ? quote.ask : quote.bid;
      this.#fillUpTo(order, instrument, this.#volumeCap(view.lastCompletedVolume(order.symbol), instrument), price, view.now);
    }
  }

  /**
   * Amends a working order in place: it keeps its id, tag and fills, takes the new total
   * quantity and limit, and from now on only bars that end after this moment may fill it (a
   * bar that ended before could not have traded at terms that did not exist). Marketable at
   * its new limit, it fills at once at the quote, as a new order would. A change the order's
   * state or form refuses throws a `rejected` BrokerError and leaves the order as it was.
   */
  modify(id: string, change: { readonly quantity: number; readonly limitPrice: number }, view: MarketView): PaperOrder {
    const order = this.order(id);
    if (!order) throw new BrokerError(`paper broker: no order with id ${id} to modify`, 'rejected');
    if (!isWorking(order)) throw new BrokerError(`paper broker: order ${id} (${order.tag}) is already ${order.status} and cannot be modified`, 'rejected');
    if (!(change.quantity > order.filled)) throw new BrokerError(`paper broker: order ${id} (${order.tag}) has filled ${order.filled}; a new total of ${change.quantity} leaves nothing to work`, 'rejected');
    const intent: OrderIntent = { tag: order.tag, symbol: order.symbol, side: order.side, quantity: change.quantity, limitPrice: change.limitPrice, referencePrice: change.limitPrice };
    // The order's own working entry is not a second order with its tag.
    const formReason = formRejectReason(intent, this.#instruments.get(order.symbol), undefined);
    if (formReason !== undefined) throw new BrokerError(`paper broker: order ${id} (${order.tag}) cannot be modified: ${formReason}`, 'rejected');
    this.#removeWorking(order);
    const before = { quantity: order.quantity, limit: order.limit };
    order.quantity = change.quantity;
    order.limit = change.limitPrice;
    const extra = order.side === 'BUY' ? this.#rejectReason({ ...intent, tag: `${order.tag}#amend`, quantity: cleanQuantity(change.quantity - order.filled) }, this.#instruments.get(order.symbol), view, undefined) : undefined;
    if (extra !== undefined) {
      order.quantity = before.quantity;
      order.limit = before.limit;
      this.#addWorking(order);
      throw new BrokerError(`paper broker: order ${id} (${order.tag}) cannot be modified: ${extra}`, 'rejected');
    }
    order.amendedAt = view.now;
    this.#addWorking(order);
    this.#revision++;
    if (order.legs) this.matchCombos(view);
    else if (this.#fillModel === 'limit') this.#fillIfMarketable(order, view);
    return order;
  }

  /** A working order becomes cancelled, keeping what it filled; anything else is refused. */
  cancel(id: string): PaperOrder {
    const order = this.order(id);
    if (!order) throw new BrokerError(`paper broker: no order with id ${id} to cancel`, 'rejected');
    if (!isWorking(order)) throw new BrokerError(`paper broker: order ${id} (${order.tag}) is already ${order.status} and cannot be cancelled`, 'rejected');
    order.status = 'cancelled';
    this.#removeWorking(order);
    this.#revision++;
    return order;
  }

  /** `instrument` is the engine's for the intent's symbol; `book` the symbol's, when it has one. */
  #rejectReason(intent: OrderIntent, instrument: Instrument | undefined, view: MarketView, book: SymbolBook | undefined): string | undefined {
    const sameTag = this.#workingWithTag(intent.tag);
    const formReason = formRejectReason(intent, instrument, sameTag);
    if (formReason !== undefined || !instrument) return formReason;
    const source = view.seriesSource;
    // The view's series answers as the view would (MarketView.seriesOf): the book keeps it per source.
    const mark = book !== undefined && source !== undefined && view.seriesOf ? bookSeries(book, view as Required<Pick<MarketView, 'seriesOf'>>, source, intent.symbol)?.knownPriceValueAt(view.now) : view.priceValue(intent.symbol);
    if (mark === undefined) return `no market data for ${intent.symbol}: cannot price the order`;
    // A conversion leaves the net liquidation value as it was: it needs no buying power.
    if (intent.side === 'SELL' || instrument.secType === 'CASH') return undefined;
    let valuation: AccountValuation;
    try {
      valuation = this.#valueForBuyingPower(view, instrument.currency);
    } catch (error) {
      return `cannot check buying power: ${(error as Error).message}`;
    }
    const reservedBase = this.#reservedBase(valuation.rates);
    const value = intent.quantity * intent.limitPrice * instrument.multiplier;
    return buyingPowerRejectReason({
      valuation,
      base: this.#base,
      instrument,
      quantity: intent.quantity,
      limit: intent.limitPrice,
      mark,
      commission: commissionTotal(this.#config.commission, intent.quantity, value),
      reservedBase,
    });
  }

  /** The base-currency value of what the working buys will still spend, summed in the order the currencies came. */
  #reservedBase(rates: FxRates): number {
    const buys = this.#buys;
    let reservedBase = 0;
    for (let i = 0; i < buys.length; i++) reservedBase += rates.toBase(buys[i]!.value, buys[i]!.currency);
    return reservedBase;
  }

  /** `book`, when the caller has it, saves a look-up per order. */
  #addWorking(order: PaperOrder, book = this.#bookOf(order.symbol)): void {
    if (order.legs) this.#workingCombos.add(order);
    const tags = this.#workingByTag;
    tags.set(order.tag, order);
    if (tags.size > 2 * this.#workingCount + 64) {
      for (const [tag, tagged] of tags) if (!isWorking(tagged)) tags.delete(tag);
    }
    book.working.push(order);
    book.slots.push(this.#workingEnd);
    this.#workingBooks[this.#workingEnd] = book;
    this.#working[this.#workingEnd++] = order;
    this.#workingCount++;
    if (order.side === 'BUY') this.#reserve(order, book.instrument, order.quantity - order.filled, 1);
  }

  /** `instrument` (a combination's, whose symbol names no instrument) and `book`, when the caller has them, save look-ups per fill. */
  #removeWorking(order: PaperOrder, instrument?: Instrument, book = this.#bookOf(order.symbol)): void {
    // Only an order with legs is among the combinations.
    if (order.legs) this.#workingCombos.delete(order);
    const same = book.working;
    // A loop, not indexOf: a symbol works one or two orders, and the builtin's call cost more than the search.
    let at = 0;
    while (at < same.length && same[at] !== order) at++;
    if (at < same.length) {
      this.#working[book.slots[at]!] = undefined;
      this.#workingBooks[book.slots[at]!] = undefined;
      this.#workingCount--;
      // Shifted down by hand and popped: splice makes an array of what it removes, at every fill.
      const slots = book.slots;
      for (let k = at + 1; k < same.length; k++) {
        same[k - 1] = same[k]!;
        slots[k - 1] = slots[k]!;
      }
      same.pop();
      slots.pop();
      // Orders mostly stop working in the order they started (a batch fills in that order): the
      // holes at the front are skipped, the list starts again from its first place once empty,
      // and only one left mostly holes in between is packed.
      if (this.#workingCount === 0) {
        this.#workingStart = 0;
        this.#workingEnd = 0;
        this.#workingByTag.clear();
      } else {
        while (this.#working[this.#workingStart] === undefined) this.#workingStart++;
        if (this.#workingCount < (this.#workingEnd - this.#workingStart) / 2 && this.#workingEnd - this.#workingStart > 64) this.#packWorking();
      }
    }
    if (order.side === 'BUY') this.#reserve(order, instrument ?? book.instrument, -(order.quantity - order.filled), -1);
  }

  /** The working order with this tag, if any. */
  #workingWithTag(tag: string): PaperOrder | undefined {
    const order = this.#workingByTag.get(tag);
    return order !== undefined && isWorking(order) ? order : undefined;
  }

  /** Moves the working orders to the front of the list, in their order, and tells their books. */
  #packWorking(): void {
    const working = this.#working;
    const books = this.#workingBooks;
    const end = this.#workingEnd;
    let to = 0;
    for (let from = this.#workingStart; from < end; from++) {
      const order = working[from];
      if (!order) continue;
      const book = books[from]!;
      book.slots[book.working.indexOf(order)] = to;
      books[to] = book;
      working[to++] = order;
    }
    for (let i = to; i < end; i++) {
      working[i] = undefined;
      books[i] = undefined;
    }
    this.#workingStart = 0;
    this.#workingEnd = to;
  }

  /** Adds the value of `quantity` more (or, negative, fewer) units of a working buy at its limit, and `orders` to the count. */
  #reserve(order: PaperOrder, instrument: Instrument | undefined, quantity: number, orders = 0): void {
    if (!instrument || instrument.secType === 'CASH') return;
    const currency = instrument.currency;
    const list = this.#buys;
    let at = 0;
    while (at < list.length && list[at]!.currency !== currency) at++;
    const known = at < list.length ? list[at] : undefined;
    const buys = known ?? { currency, orders: 0, value: 0 };
    buys.orders += orders;
    buys.value += quantity * order.limit * instrument.multiplier;
    // Without working buys in a currency nothing is reserved in it, not even float dust.
    if (buys.orders <= 0) {
      if (known) {
        for (let k = at + 1; k < list.length; k++) list[k - 1] = list[k]!;
        list.pop();
      }
    } else if (!known) {
      list.push(buys);
    }
  }

  /**
   * One valuation serves every buy of a batch placed at one time, until a fill changes the
   * holdings: the currencies a buy needs rates for (its own, those of the working buys) only
   * decide whether the valuation may stand, not what it values, so a valuation that has their
   * rates is the one a new valuation would give.
   */
  #valueForBuyingPower(view: MarketView, currency: Currency): AccountValuation {
    const cached = this.#valuation;
    if (cached?.view === view && cached.holdingsRevision === this.#holdingsRevision && this.#hasRates(cached.valuation.rates, currency)) return cached.valuation;
    const buys = this.#buys;
    const currencies = [currency];
    for (let i = 0; i < buys.length; i++) currencies.push(buys[i]!.currency);
    const valuation = this.#valuer.value(this.#state, view, currencies);
    this.#valuation = { view, holdingsRevision: this.#holdingsRevision, valuation };
    return valuation;
  }

  #hasRates(rates: FxRates, currency: Currency): boolean {
    // The base currency's rate is always there: most buys are in it, and need no look-up.
    if (currency !== rates.base && !rates.has(currency)) return false;
    // Most batches buy in one currency: then the working buys need no rate but that one.
    const buys = this.#buys;
    if (buys.length === 0 || (buys.length === 1 && buys[0]!.currency === currency)) return true;
    for (let i = 0; i < buys.length; i++) {
      const working = buys[i]!.currency;
      if (working !== rates.base && !rates.has(working)) return false;
    }
    return true;
  }

  /** The most a fill may take from a bar of this volume, in whole lots. */
  #volumeCap(volume: number | undefined, instrument: Instrument): number {
    if (volume === undefined) return 0;
    // FX and index data report no volume; their prices still trade, so no cap applies.
    if (!(volume > 0)) return Number.POSITIVE_INFINITY;
    return roundDownToStep(this.#config.maxVolumeShare * volume, instrument.lotSize);
  }

  /** `book`, when the caller has it, saves look-ups per fill. */
  #fillUpTo(order: PaperOrder, instrument: Instrument, cap: number, price: number, time: number, book?: SymbolBook): Fill | undefined {
    const quantity = Math.min(cleanQuantity(order.quantity - order.filled), cap);
    if (!(quantity > 0)) return undefined;
    const currency = instrument.currency;
    const value = quantity * price * instrument.multiplier;
    const quantityBefore = order.filled;
    const valueBefore = order.filledValue;
    order.filled = cleanQuantity(order.filled + quantity);
    order.filledValue += value;
    const fx = instrument.secType === 'CASH';
    const commissionMinor = fx
      ? fxFillCommissionMinorOf(this.#config.fxCommission, currency, quantityBefore, valueBefore, order.filled, order.filledValue)
      : fillCommissionMinorOf(this.#config.commission, currency, quantityBefore, valueBefore, order.filled, order.filledValue);
    if (order.side === 'BUY') this.#reserve(order, instrument, -quantity);
    if (order.filled >= order.quantity) {
      order.status = 'filled';
      this.#removeWorking(order, instrument, book);
    } else {
      order.status = 'partially-filled';
    }
    const valueMinor = toMinor(value, currency);
    this.#state.cash[currency] = (this.#state.cash[currency] ?? 0) + (order.side === 'BUY' ? -valueMinor : valueMinor) - commissionMinor;
    if (fx) {
      // A CASH pair is a conversion: buying USDCAD gains USD and pays CAD. It leaves no position.
      const first = order.symbol.slice(0, 3);
      this.#state.cash[first] = (this.#state.cash[first] ?? 0) + signedQuantity(order.side, toMinor(quantity, first));
    } else {
      this.#bookPosition(order.symbol, signedQuantity(order.side, quantity), price, book);
    }
    return this.#recordFill(order, order.symbol, order.side, quantity, price, commissionMinor, currency, time);
  }

  #bookPosition(symbol: string, quantity: number, price: number, book = this.#bookOf(symbol)): void {
    const positions = this.#state.positions;
    // The place is a hint, checked at each use (the engine may have been handed a state with positions already), searched for when wrong.
    const known = book.position;
    const index = known >= 0 && positions[known]?.symbol === symbol ? known : positions.findIndex((position) => position.symbol === symbol);
    const next = applyFill(symbol, index >= 0 ? positions[index] : undefined, quantity, price);
    if (index >= 0 && next) {
      positions[index] = next;
      book.position = index;
    } else if (index >= 0) {
      positions.splice(index, 1);
      // A closed position shifts the ones after it.
      for (let i = index; i < positions.length; i++) this.#bookOf(positions[i]!.symbol).position = i;
    } else if (next) {
      book.position = positions.push(next) - 1;
    }
  }

  #bookOf(symbol: string): SymbolBook {
    let book = this.#books.get(symbol);
    if (!book) this.#books.set(symbol, (book = { instrument: this.#instruments.get(symbol), working: [], slots: [], position: -1, visit: 0, series: undefined, seriesSource: undefined }));
    return book;
  }
}
