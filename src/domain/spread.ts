/**
 * A spread the forecast asks to hold: `quantity` units of a combination of options on
 * `underlying`, chosen by rule from the option chain when it is opened.
 */
export type SpreadKind = 'straddle' | 'strangle' | 'call-vertical' | 'put-vertical';

export const SPREAD_KINDS: readonly SpreadKind[] = ['straddle', 'strangle', 'call-vertical', 'put-vertical'];

/** A listed expiry: a date (YYYY-MM-DD), or the nearest expiry at least `minDays` calendar days away. */
export type ExpiryRule = { readonly date: string } | { readonly minDays: number };

/** A strike: a price (the nearest listed strike is taken) or the one nearest the underlying's price. */
export type StrikeRule = number | 'atm';

/**
 * How far a spread's legs lie apart: a whole number of listed strike steps, or (strangles only)
 * a delta: the call and the put whose |delta| is nearest it, e.g. `{ delta: 0.25 }`.
 */
export type SpreadWidth = number | { readonly delta: number };

export interface SpreadTarget {
  /** Unique in the forecast; the combo order's tag and the books name the spread by it. */
  readonly name: string;
  readonly kind: SpreadKind;
  readonly underlying: string;
  readonly expiry: ExpiryRule;
  /** The centre strike (straddle, strangle) or the bought strike (verticals). */
  readonly strike: StrikeRule;
  /**
   * strangle: the put is `width` strike steps below the centre and the call as many above, or
   * the put and the call whose |delta| is nearest `width.delta`; verticals: the sold leg is
   * `width` steps away (above for calls, below for puts).
   */
  readonly width?: SpreadWidth;
  /** Verticals: the bought and the sold strike, instead of `strike` and `width`. */
  readonly strikes?: readonly [number, number];
  /** Spreads to hold; 0 closes the spread. */
  readonly quantity: number;
}
