import { isoTime } from '../../domain/clock.js';
import { fxRatesFromPairs, type FxQuote } from '../../domain/fx-pair.js';
import type { Instrument } from '../../domain/instrument.js';
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

export function noDataError(symbol: string, now: number): BrokerError {
  return new BrokerError(`paper broker: no market data for ${symbol} at or before ${isoTime(now)}`, 'operational');
}

// The FX pairs among the instruments, found once per instrument table: the account is valued
// at every call and every backtest mark, and the table has one entry per traded symbol.
const fxPairsByTable = new WeakMap<ReadonlyMap<string, Instrument>, readonly Instrument[]>();

function fxPairsOf(instruments: ReadonlyMap<string, Instrument>): readonly Instrument[] {
  let pairs = fxPairsByTable.get(instruments);
  if (!pairs) fxPairsByTable.set(instruments, (pairs = [...instruments.values()].filter((i) => i.secType === 'CASH')));
  return pairs;
}

/**
 * Values the paper account at the view's prices. Throws an operational BrokerError when a held
 * symbol has no price or a currency has no FX pair: a wrong NLV would mis-size every order.
 */
export function valueAccount(state: PaperState, instruments: ReadonlyMap<string, Instrument>, view: MarketView, base: Currency, alsoNeeded: readonly Currency[] = []): AccountValuation {
  const cash: Record<Currency, number> = {};
  const needed = new Set<Currency>(alsoNeeded);
  for (const [currency, minor] of Object.entries(state.cash)) {
    cash[currency] = fromMinor(minor, currency);
    if (minor !== 0) needed.add(currency);
  }
  // One pass prices every position (value in its own currency); the rates come after, once
  // the currencies are known, so the whole valuation reads each position's price once. Plain
  // indexed loops: a backtest values the account at every bar, position by position.
  const positions = state.positions;
  const values = new Float64Array(positions.length);
  const currencies = new Array<Currency>(positions.length);
  for (let i = 0; i < positions.length; i++) {
    const position = positions[i]!;
    const price = view.priceValue(position.symbol);
    if (price === undefined) throw noDataError(position.symbol, view.now);
    const instrument = instruments.get(position.symbol);
    if (!instrument) throw new BrokerError(`paper broker: the account holds ${position.symbol}, which is no longer among the instruments; add it back to value the account`, 'operational');
    if (instrument.currency !== base) needed.add(instrument.currency);
    currencies[i] = instrument.currency;
    values[i] = position.quantity * price * instrument.multiplier;
  }
  const rates = fxRatesFromView(base, fxPairsOf(instruments), view, [...needed]);
  let cashBase = 0;
  for (const [currency, amount] of Object.entries(cash)) if (amount !== 0) cashBase += rates.toBase(amount, currency);
  let nlv = cashBase;
  let grossPositions = 0;
  let netPositions = 0;
  // Positions come grouped by currency more often than not: the rate is looked up on a change only.
  let currency: Currency | undefined;
  let rate = 0;
  for (let i = 0; i < positions.length; i++) {
    if (currencies[i] !== currency) {
      currency = currencies[i]!;
      rate = rates.rate(currency);
    }
    // rates.toBase(value, currency) is value × rate: the same product, in the same order.
    const valueBase = values[i]! * rate;
    nlv += valueBase;
    netPositions += valueBase;
    grossPositions += Math.abs(valueBase);
  }
  return { cash, rates, cashBase, nlv, grossPositions, netPositions };
}
