import type { Position } from '../domain/account.js';
import type { Instrument } from '../domain/instrument.js';
import { optionInstrument, parseOptionSymbol, type ComboLeg } from '../domain/option.js';
import type { SpreadLegs } from '../domain/spread-legs.js';
import type { SpreadTarget } from '../domain/spread.js';
import { comboInstrument } from './choose-legs.js';
import type { ComboInstrument } from '../domain/option.js';

export interface HeldSpread {
  readonly combo: ComboInstrument;
  /** Whole spreads the account holds: the fewest any leg allows. */
  readonly quantity: number;
  /** Leg quantities beyond whole spreads (a leg that filled alone, or outlived its partner), for the owner to see. */
  readonly unmatched: readonly { readonly symbol: string; readonly quantity: number }[];
}

/**
 * The legs a spread was last traded with (kept by the journal from the fills of its combination
 * orders, whose tags carry the spread's name), and how many whole spreads the broker's positions
 * hold of them. A spread keeps its legs until it is closed or they expire: the next run trades the
 * same contracts, not the ones the chain's rules would pick on that day. Undefined when the
 * spread was never filled.
 */
export function heldSpread(target: SpreadTarget, traded: SpreadLegs | undefined, positions: readonly Position[], underlying: Instrument): HeldSpread | undefined {
  if (!traded) return undefined;
  const legs: ComboLeg[] = [...traded.symbols].sort().map((symbol) => {
    const { expiry, right, strike } = parseOptionSymbol(symbol)!;
    return { instrument: optionInstrument(underlying, expiry, right, strike), ratio: 1, action: 'BUY' };
  });
  const withActions = legsWithActions(target, legs);
  const held = new Map(positions.map((p) => [p.symbol, p.quantity]));
  const perLeg = withActions.map((leg) => ((held.get(leg.instrument.symbol) ?? 0) * (leg.action === 'BUY' ? 1 : -1)) / leg.ratio);
  const quantity = Math.max(0, Math.floor(Math.min(...perLeg)));
  const unmatched = withActions.flatMap((leg) => {
    const rest = (held.get(leg.instrument.symbol) ?? 0) - quantity * leg.ratio * (leg.action === 'BUY' ? 1 : -1);
    return rest === 0 ? [] : [{ symbol: leg.instrument.symbol, quantity: rest }];
  });
  return { combo: comboInstrument(target.name, underlying, withActions), quantity, unmatched };
}

/**
 * Which legs were bought when the spread was: both of a straddle or strangle; of a vertical, the
 * target's first strike, or else the lower call or the higher put (the debit spreads the width
 * rule opens).
 */
function legsWithActions(target: SpreadTarget, legs: readonly ComboLeg[]): ComboLeg[] {
  if (target.kind === 'straddle' || target.kind === 'strangle') return [...legs];
  const strikes = legs.map((leg) => leg.instrument.strike);
  const bought = target.strikes ? nearest(strikes, target.strikes[0]) : target.kind === 'call-vertical' ? Math.min(...strikes) : Math.max(...strikes);
  return legs.map((leg) => ({ ...leg, action: leg.instrument.strike === bought ? 'BUY' : 'SELL' }));
}

function nearest(values: readonly number[], to: number): number {
  return values.reduce((a, b) => (Math.abs(b - to) < Math.abs(a - to) ? b : a));
}
