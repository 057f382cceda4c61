import { isoTime } from '../../domain/clock.js';
import { fxRatesFromPairs, type FxQuote } from '../../domain/fx-pair.js';
import type { Position } from '../../domain/account.js';
import type { Instrument } from '../../domain/instrument.js';
import { BarCursors } from '../../data/bar-series.js';
import { fromMinor, MissingFxRateError, type Currency, type FxRates } from '../../domain/money.js';
import { BrokerError } from '../broker.js';
import type { MarketView } from './market-view.js';
import type { PaperState } from './paper-state.js';

export interface AccountValuation {
  /** Cash per currency in major units. */
  readonly cash: Record<Currency, number>;
  readonly rates: FxRates;
  /** Σ cash converted into the base currency. */
  readonly cashBase: number;
  /** Net liquidation value in the base currency. */
  readonly nlv: number;
  /** Σ |position value| in the base currency: the gross exposure that leverage divides by NLV. */
  readonly grossPositions: number;
  /** Σ position value in the base currency, shorts negative: the net exposure. */
  readonly netPositions: number;
}

/** Rates into `base` from the last known prices of the CASH instruments (e.g. USDCAD). */
export function fxRatesFromView(base: Currency, instruments: Iterable<Instrument>, view: MarketView, needed: readonly Currency[]): FxRates {
  const quotes: FxQuote[] = [];
  for (const instrument of instruments) {
    if (instrument.secType !== 'CASH') continue;
    const price = view.priceValue(instrument.symbol);
    if (price !== undefined) quotes.push({ pair: instrument.symbol, price });
  }
  try {
    return fxRatesFromPairs(base, quotes, needed);
  } catch (error) {
    if (error instanceof MissingFxRateError) throw new BrokerError(`paper broker: ${error.message}`, 'operational');
    throw error;
  }
}

/** Throws what fxRatesFromView throws when `currency` has no rate. */
function requireRate(rates: FxRates, currency: Currency): void {
  if (currency !== rates.base && !rates.has(currency)) throw new BrokerError(`paper broker: ${new MissingFxRateError(currency, rates.base).message}`, 'operational');
}

export function noDataError(symbol: string, now: number): BrokerError {
  return new BrokerError(`paper broker: no market data for ${symbol} at or before ${isoTime(now)}`, 'operational');
}

/**
 * Values the paper account at a view's prices. Throws an operational BrokerError when a held
 * symbol has no price or a currency has no FX pair: a wrong NLV would mis-size every order.
 *
 * A backtest values the account at every bar, position by position, so what a position needs
 * besides its price (its instrument, and the series that prices it when the view can hand one
 * out) is looked up once per position object, not at every valuation: a fill replaces the
 * position's object and with it the handle. What remains per position and valuation is a
 * step of the series' cursor and a product.
 */
export class AccountValuer {
  readonly #instruments: ReadonlyMap<string, Instrument>;
  readonly #base: Currency;
  /** The FX pairs among the instruments, found once: most accounts have none. */
  readonly fxPairs: readonly Instrument[];
  // Handles, index by index with the positions they were made for.
  #heldFor: Position[] = [];
  #heldInstruments: (Instrument | undefined)[] = [];
  // The position's quantity and the instrument's multiplier, copied: a position is replaced,
  // never changed, so they hold while the position object does, and the loop reads two
  // arrays rather than two objects per position.
  #heldQuantities: number[] = [];
  #heldMultipliers: number[] = [];
  // The series that prices each position, when the view hands one out: all read in one loop.
  readonly #cursors = new BarCursors();
  #values = new Float64Array(16);
  // Whether a position in another currency than the base was ever held.
  #foreign = false;
  // The source the series handles came from: a view over another source needs new ones.
  #source: object | undefined;
  // The rates of the last valuation and the prices of the FX pairs they were made from.
  #rates: FxRates | undefined;
  #pairPrices: (number | undefined)[] = [];

  constructor(instruments: ReadonlyMap<string, Instrument>, base: Currency) {
    this.#instruments = instruments;
    this.#base = base;
    this.fxPairs = [...instruments.values()].filter((instrument) => instrument.secType === 'CASH');
  }

  /** `alsoNeeded` currencies must have FX rates even if the account holds none. */
  value(state: PaperState, view: MarketView, alsoNeeded: readonly Currency[] = []): AccountValuation {
    const base = this.#base;
    const cash: Record<Currency, number> = {};
    for (const currency in state.cash) cash[currency] = fromMinor(state.cash[currency]!, currency);
    const positions = state.positions;
    const source = view.seriesSource;
    if (source !== this.#source) {
      this.#source = source;
      this.#heldFor = [];
    }
    const heldFor = this.#heldFor;
    if (heldFor.length > positions.length) heldFor.length = positions.length;
    const now = view.now;
    // The positions' prices, read by the cursors in one loop into one buffer for every
    // valuation: a backtest values the account at every bar.
    if (this.#values.length < positions.length) this.#values = new Float64Array(Math.max(positions.length, 2 * this.#values.length));
    const values = this.#values;
    const instruments = this.#heldInstruments;
    const quantities = this.#heldQuantities;
    const multipliers = this.#heldMultipliers;
    for (let i = 0; i < positions.length; i++) {
      const position = positions[i]!;
      if (heldFor[i] !== position) this.#hold(i, position, view);
    }
    this.#cursors.knownPriceValuesAt(now, positions.length, values);
    // The rates, and the cash in the base currency, come before the positions when every
    // currency the checks below ask for has a rate: the positions are then priced and summed in
    // one pass, in the same order and with the same products as ever. Otherwise the pass only
    // prices them, and the checks after it throw what they always threw, in the same order.
    const rates = this.#ratesIfAt(view);
    const cashBase = rates && this.#cashBaseIfRated(rates, state.cash, cash, alsoNeeded);
    const foreign = this.#foreign;
    let summed = cashBase !== undefined;
    // A plain number from the start (the unary plus): a sum that began as "number or undefined"
    // was kept boxed, a heap number made at every position of every valuation.
    let nlv = +(cashBase ?? 0);
    let grossPositions = 0;
    let netPositions = 0;
    // Positions come grouped by currency more often than not: the rate is looked up on a change only.
    let currency: Currency = base;
    let rate = 1;
    for (let i = 0; i < positions.length; i++) {
      let price: number | undefined = values[i]!;
      if (Number.isNaN(price)) {
        // A position without a series or without a bar yet (or a NaN price): asked one by one, as before the cursors.
        const series = this.#cursors.seriesAt(i);
        price = series ? series.knownPriceValueAt(now) : view.priceValue(positions[i]!.symbol);
      }
      if (price === undefined) throw noDataError(positions[i]!.symbol, now);
      const instrument = instruments[i];
      if (instrument === undefined) throw new BrokerError(`paper broker: the account holds ${positions[i]!.symbol}, which is no longer among the instruments; add it back to value the account`, 'operational');
      if (!summed) continue;
      const value = quantities[i]! * price * multipliers[i]!;
      // Only an account that ever held a foreign position looks at each position's currency.
      if (foreign && instrument.currency !== currency) {
        currency = instrument.currency;
        if (currency !== base && !rates!.has(currency)) {
          summed = false;
          continue;
        }
        rate = rates!.rate(currency);
      }
      // rates.toBase(value, currency) is value × rate: the same product, in the same order.
      const valueBase = value * rate;
      nlv += valueBase;
      netPositions += valueBase;
      grossPositions += Math.abs(valueBase);
    }
    if (!summed) this.#throwMissingRate(state, view, alsoNeeded);
    return { cash, rates: rates!, cashBase: cashBase!, nlv, grossPositions, netPositions };
  }

  /** The rates at the view's prices, or undefined where #ratesAt throws: thrown again after the positions' own errors. */
  #ratesIfAt(view: MarketView): FxRates | undefined {
    try {
      return this.#ratesAt(view);
    } catch {
      return undefined;
    }
  }

  /**
   * Σ cash in the base currency, or undefined when the currencies asked for or a currency of
   * the cash held has no rate (requireRate would throw).
   */
  #cashBaseIfRated(rates: FxRates, minor: Record<Currency, number>, cash: Record<Currency, number>, alsoNeeded: readonly Currency[]): number | undefined {
    const base = this.#base;
    for (const currency of alsoNeeded) if (currency !== base && !rates.has(currency)) return undefined;
    for (const currency in minor) if (minor[currency] !== 0 && currency !== base && !rates.has(currency)) return undefined;
    let cashBase = 0;
    for (const currency in cash) {
      const amount = cash[currency]!;
      if (amount !== 0) cashBase += rates.toBase(amount, currency);
    }
    return cashBase;
  }

  /**
   * What a valuation throws when a rate is missing, checked in the order that names the same
   * missing one first as ever: the rates themselves, those asked for, the cash held, then the
   * positions'. Called only when one is missing.
   */
  #throwMissingRate(state: PaperState, view: MarketView, alsoNeeded: readonly Currency[]): never {
    const rates = this.#ratesAt(view);
    for (const currency of alsoNeeded) requireRate(rates, currency);
    for (const currency in state.cash) if (state.cash[currency] !== 0) requireRate(rates, currency);
    const instruments = this.#heldInstruments;
    for (let i = 0; i < state.positions.length; i++) requireRate(rates, instruments[i]!.currency);
    throw new Error('paper broker: a valuation found a rate missing that its checks did not');
  }

  /**
   * The rates at the view's prices of the FX pairs, made again only when one of those prices
   * moved since the last valuation: most marks of a backtest, and every mark of an account
   * without pairs, reuse the last rates (they are immutable) rather than build a table.
   */
  #ratesAt(view: MarketView): FxRates {
    const pairs = this.fxPairs;
    const last = this.#rates;
    let moved = last === undefined;
    for (let i = 0; i < pairs.length && !moved; i++) moved = view.priceValue(pairs[i]!.symbol) !== this.#pairPrices[i];
    if (!moved) return last!;
    const rates = fxRatesFromView(this.#base, pairs, view, []);
    this.#pairPrices = pairs.map((pair) => view.priceValue(pair.symbol));
    this.#rates = rates;
    return rates;
  }

  #hold(i: number, position: Position, view: MarketView): void {
    const before = this.#heldFor[i];
    // A fill replaces the position's object but keeps its symbol, its instrument and its series
    // (the handles are dropped when the source changes): only the quantity is new. No look-up
    // by symbol then, at every fill of a backtest.
    if (before !== undefined && before.symbol === position.symbol && this.#heldInstruments[i] !== undefined) {
      this.#heldFor[i] = position;
      this.#heldQuantities[i] = position.quantity;
      return;
    }
    const instrument = this.#instruments.get(position.symbol);
    this.#heldFor[i] = position;
    this.#heldInstruments[i] = instrument;
    if (instrument && instrument.currency !== this.#base) this.#foreign = true;
    this.#heldQuantities[i] = position.quantity;
    // NaN for an instrument that is gone: the valuation throws before the value is used.
    this.#heldMultipliers[i] = instrument ? instrument.multiplier : Number.NaN;
    // A position that is resized keeps its symbol: its cursor, already where the clock is, goes on.
    this.#cursors.set(i, view.seriesOf?.(position.symbol));
  }
}
