import type { Instrument } from './instrument.js';
import type { Side } from './order.js';

export type OptionRight = 'C' | 'P';

/**
 * One option contract. Its symbol says everything that identifies it
 * (`<underlying>-<YYYYMMDD>-<C|P>-<strike>`, e.g. `SPY-20270115-C-450`), so that the ledger, the
 * paper broker and the snapshot can tell an option's terms from the symbol a fill or a position
 * carries, without a table of every contract ever traded.
 */
export interface OptionInstrument extends Instrument {
  readonly secType: 'OPT';
  readonly underlying: string;
  /** Last trading day, YYYY-MM-DD (the exchange's local date). */
  readonly expiry: string;
  readonly right: OptionRight;
  readonly strike: number;
}

/** One leg of a combination order: the contract, how many per combo unit, and its side when the combo is bought. */
export interface ComboLeg {
  readonly instrument: OptionInstrument;
  readonly ratio: number;
  readonly action: Side;
}

/**
 * A combination (IB's BAG): bought or sold as one order at one net price per unit, all legs or
 * none. Its symbol is the spread's name from the forecast; its multiplier is the legs'.
 */
export interface ComboInstrument extends Instrument {
  readonly secType: 'BAG';
  readonly underlying: string;
  readonly legs: readonly ComboLeg[];
}

/** US equity options: 100 shares per contract, premiums on a 0.01 tick. */
export const EQUITY_OPTION_MULTIPLIER = 100;
export const OPTION_TICK = 0.01;

const OPTION_SYMBOL = /^(.+)-(\d{4})(\d{2})(\d{2})-([CP])-(\d+(?:\.\d+)?)$/;

export function optionSymbol(underlying: string, expiry: string, right: OptionRight, strike: number): string {
  return `${underlying}-${expiry.replaceAll('-', '')}-${right}-${strikeText(strike)}`;
}

/** The strike as written in symbols: no trailing zeros, no binary noise (452.5, not 452.50000001). */
export function strikeText(strike: number): string {
  return String(Number(strike.toFixed(4)));
}

export function parseOptionSymbol(symbol: string): { underlying: string; expiry: string; right: OptionRight; strike: number } | undefined {
  const match = OPTION_SYMBOL.exec(symbol);
  if (!match) return undefined;
  const [, underlying, year, month, day, right, strike] = match;
  return { underlying: underlying!, expiry: `${year}-${month}-${day}`, right: right as OptionRight, strike: Number(strike) };
}

/** The option contract on `underlying`, quoted and settled in its currency, on its exchange's calendar. */
export function optionInstrument(underlying: Instrument, expiry: string, right: OptionRight, strike: number, multiplier = EQUITY_OPTION_MULTIPLIER): OptionInstrument {
  return {
    symbol: optionSymbol(underlying.symbol, expiry, right, strike),
    secType: 'OPT',
    currency: underlying.currency,
    exchange: underlying.exchange,
    lotSize: 1,
    tickSize: OPTION_TICK,
    multiplier,
    underlying: underlying.symbol,
    expiry,
    right,
    strike,
  };
}

/** The option a symbol names, when its underlying is among `instruments`; undefined otherwise. */
export function optionFromSymbol(symbol: string, underlyingOf: (symbol: string) => Instrument | undefined): OptionInstrument | undefined {
  const parsed = parseOptionSymbol(symbol);
  if (!parsed) return undefined;
  const underlying = underlyingOf(parsed.underlying);
  if (!underlying || underlying.secType !== 'STK') return undefined;
  return optionInstrument(underlying, parsed.expiry, parsed.right, parsed.strike);
}

export function isCombo(instrument: Instrument): instrument is ComboInstrument {
  return instrument.secType === 'BAG';
}

export function isOption(instrument: Instrument): instrument is OptionInstrument {
  return instrument.secType === 'OPT';
}

/** A leg's side in an order for the combo on `side`: selling a combo reverses every leg. */
export function legSide(leg: ComboLeg, side: Side): Side {
  return side === 'BUY' ? leg.action : leg.action === 'BUY' ? 'SELL' : 'BUY';
}
