import { midPrice, type Quote } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import { signedQuantity, type OrderIntent } from '../domain/order.js';
import { instrumentPlaces } from '../planning/instrument-index.js';
import type { RiskInput } from './risk-types.js';

/**
 * A value in the base currency (a number), or why it could not be worked out (a string): a
 * number or a reason rather than an object for each of the hundreds of orders and positions of a run.
 */
export type ValueOrProblem = number | string;

/** One symbol that a gate's orders or positions name, with what the checks ask of it. */
export interface SymbolFacts {
  readonly symbol: string;
  /** Undefined when the symbol is not a configured instrument. */
  readonly instrument: Instrument | undefined;
  readonly quote: Quote | undefined;
  /** Signed quantity once every position order has filled in full: the account's positions plus the orders. */
  readonly quantity: number;
  /** Its value in base after the plan, at the mid quote, or why there is none: set by postTradeValues (0 for a flat position). */
  readonly valued: ValueOrProblem;
}

// A class rather than an object literal: V8 tracks where a literal's objects are made and,
// seeing a run's facts outlive a young-generation collection, switched that site to old-space
// allocation, throwing away the code of every function it was inlined into (factsOf, the checks)
// more than once per backtest. Objects made by a constructor carry no such site.
class Known implements SymbolFacts {
  readonly symbol: string;
  readonly instrument: Instrument | undefined;
  readonly quote: Quote | undefined;
  quantity = 0;
  valued: ValueOrProblem = 0;
  // Whether it is listed in `quoted` and in `afterPlan` already (each lists a symbol once).
  isQuoted = false;
  isAfterPlan = false;

  constructor(symbol: string, instrument: Instrument | undefined, quote: Quote | undefined) {
    this.symbol = symbol;
    this.instrument = instrument;
    this.quote = quote;
  }
}

/** What the checks ask of one gate's input again and again, worked out once for it. */
export interface InputFacts {
  /** By index into the input's orders: the facts of the order's symbol (orders of one symbol share them). */
  readonly ofOrder: readonly SymbolFacts[];
  /** How many of the orders convert currencies (see isFx); the others change positions. */
  readonly fxCount: number;
  /**
   * Every symbol held or traded by a position order, each once, the held ones first (as
   * postTradePositions lists them): the portfolio the plan leaves.
   */
  readonly afterPlan: readonly SymbolFacts[];
  /** The orders' symbols, then those of the tradable instruments held (quantity not 0), each once: the quotes the run relies on. */
  readonly quoted: readonly SymbolFacts[];
}

interface Facts extends InputFacts {
  readonly afterPlan: readonly Known[];
  valuesSet: boolean;
}

// Every check asks about the same orders and symbols (instrument, quote, post-trade quantity):
// kept per input and per symbol, a gate over N orders looks each one's instrument and quote up
// once, not once per check, and costs O(N), not O(N²).
const factsByInput = new WeakMap<RiskInput, Facts>();

/**
 * Whether an order on this symbol converts currencies (an FX pair, secType CASH) rather than
 * buys or sells a position: a conversion moves cash from one currency to another and leaves no
 * position, so the position caps never see it; the FX caps judge it instead.
 */
export function isFx(facts: SymbolFacts): boolean {
  return facts.instrument?.secType === 'CASH';
}

export function gateFacts(input: RiskInput): InputFacts {
  return factsOf(input);
}

/** The facts of a symbol that is no configured instrument (rare), kept in a map of their own. */
function unknownKnown(unknown: Map<string, Known>, symbol: string, quotes: ReadonlyMap<string, Quote>): Known {
  let found = unknown.get(symbol);
  if (!found) unknown.set(symbol, (found = new Known(symbol, undefined, quotes.get(symbol))));
  return found;
}

function factsOf(input: RiskInput): Facts {
  const kept = factsByInput.get(input);
  if (kept) return kept;
  const { placeOf, instruments } = instrumentPlaces(input.instruments);
  const { orders, quotes } = input;
  // Kept by the instrument's place, not in a map made for the run; a symbol of no instrument (rare) in a map of its own.
  const byPlace = new Array<Known | undefined>(instruments.length);
  // The look-up is written out in both loops rather than made a closure: this runs once per
  // run, too seldom to be optimised, and the closure was called for every order and position.
  let unknown: Map<string, Known> | undefined;
  const quoted: Known[] = [];
  const afterPlan: Known[] = [];
  const ofOrder = new Array<Known>(orders.length);
  let fxCount = 0;
  for (let i = 0; i < orders.length; i++) {
    const { symbol } = orders[i]!;
    const place = placeOf.get(symbol);
    const known = (ofOrder[i] = place !== undefined ? (byPlace[place] ??= new Known(symbol, instruments[place], quotes.get(symbol))) : unknownKnown((unknown ??= new Map()), symbol, quotes));
    if (isFx(known)) fxCount += 1;
    if (!known.isQuoted) {
      known.isQuoted = true;
      quoted.push(known);
    }
  }
  const { positions } = input.account;
  for (let i = 0; i < positions.length; i++) {
    const position = positions[i]!;
    const { symbol } = position;
    const place = placeOf.get(symbol);
    const known = place !== undefined ? (byPlace[place] ??= new Known(symbol, instruments[place], quotes.get(symbol))) : unknownKnown((unknown ??= new Map()), symbol, quotes);
    if (!known.isAfterPlan) {
      known.isAfterPlan = true;
      afterPlan.push(known);
    }
    known.quantity += position.quantity;
    if (position.quantity !== 0 && known.instrument !== undefined && !known.isQuoted) {
      known.isQuoted = true;
      quoted.push(known);
    }
  }
  // After every position: the quantities add up as postTradePositions adds them.
  for (let i = 0; i < orders.length; i++) {
    const known = ofOrder[i]!;
    if (isFx(known)) continue;
    if (!known.isAfterPlan) {
      known.isAfterPlan = true;
      afterPlan.push(known);
    }
    const order = orders[i]!;
    known.quantity += signedQuantity(order.side, order.quantity);
  }
  const facts: Facts = { ofOrder, fxCount, afterPlan, quoted, valuesSet: false };
  factsByInput.set(input, facts);
  return facts;
}

/**
 * Value in base of `quantity` units of `symbol` at `price` (a number, or the mid of a quote).
 * Returns a problem instead of throwing so that a check can fail closed with a reason.
 */
function valueInBase(input: RiskInput, instrument: Instrument | undefined, symbol: string, quantity: number, price: number | Quote | undefined): ValueOrProblem {
  if (!instrument) return `${symbol} is not a configured instrument, so its value is unknown`;
  if (price === undefined) return `no quote for ${symbol}, so its value is unknown`;
  const unitPrice = typeof price === 'number' ? price : midPrice(price);
  if (!(unitPrice > 0) || !Number.isFinite(unitPrice)) return `price of ${symbol} (${unitPrice}) is not a positive number`;
  const { fx } = input;
  // The base currency always has its rate (1): only another currency's is looked up.
  if (!fx || (instrument.currency !== fx.base && !fx.has(instrument.currency))) return `no FX rate from ${instrument.currency} to the base currency to value ${symbol}`;
  const value = fx.toBase(quantity * unitPrice * instrument.multiplier, instrument.currency);
  if (!Number.isFinite(value)) return `value of ${symbol} is not a finite number`;
  return value;
}

/**
 * Order value in base at the larger of its limit and reference price, so that a sell
 * (whose limit sits below the reference) is not understated against the size cap.
 * `facts` are the order's: gateFacts(input).ofOrder at its index.
 */
export function orderValueInBase(input: RiskInput, order: OrderIntent, facts: SymbolFacts): ValueOrProblem {
  return valueInBase(input, facts.instrument, order.symbol, order.quantity, Math.max(order.limitPrice, order.referencePrice));
}

/** How many orders change positions (all but the FX conversions): the position caps judge only these. */
export function positionOrderCount(input: RiskInput): number {
  const facts = factsOf(input);
  return facts.ofOrder.length - facts.fxCount;
}

/** The portfolio the plan leaves (InputFacts.afterPlan), each position valued in base at its mid quote, assuming every order fills in full. */
export function postTradeValues(input: RiskInput): readonly SymbolFacts[] {
  const facts = factsOf(input);
  if (!facts.valuesSet) {
    const { afterPlan } = facts;
    for (let i = 0; i < afterPlan.length; i++) {
      const known = afterPlan[i]!;
      // A flat position has no value whatever its price, so a missing quote does not matter.
      known.valued = known.quantity === 0 ? 0 : valueInBase(input, known.instrument, known.symbol, known.quantity, known.quote);
    }
    facts.valuesSet = true;
  }
  return facts.afterPlan;
}

/** NLV when it can be divided by; checks that need it pass and leave the complaint to non-positive-nlv. */
export function usableNlv(input: RiskInput): number | undefined {
  const nlv = input.account.netLiquidation;
  return nlv > 0 && Number.isFinite(nlv) ? nlv : undefined;
}
