import type { Side } from '../domain/order.js';
import { roundToTick } from '../domain/rounding.js';

/** The terms of one order's ladder: where it starts, how far it may go, and its tick. */
export interface LadderInput {
  readonly side: Side;
  /** The order's limit now. */
  readonly limit: number;
  /** The far touch now: the ask for a buy, the bid for a sell. */
  readonly farTouch: number;
  /** The decision (reference) price the risk gate measured the band from. */
  readonly decisionPrice: number;
  /** The furthest a limit may go from the decision price, in bps: the policy's, never wider than the risk gate's band. */
  readonly maxDistanceBps: number;
  readonly tickSize: number;
}

/**
 * The last limit the ladder allows: the decision price moved by `maxDistanceBps` against the
 * order, rounded to the tick toward the order's own side (buys down, sells up), so that the
 * rounding can never carry a limit past the band the risk gate checked.
 */
export function ladderCap(input: Pick<LadderInput, 'side' | 'decisionPrice' | 'maxDistanceBps' | 'tickSize'>): number {
  const distance = input.maxDistanceBps / 10_000;
  return input.side === 'BUY'
    ? roundToTick(input.decisionPrice * (1 + distance), input.tickSize, 'down')
    : roundToTick(input.decisionPrice * (1 - distance), input.tickSize, 'up');
}

/**
 * The next limit of the ladder: `stepPct` of the way from the limit to the far touch, on the
 * tick, never past the far touch nor the cap, and never less aggressive than the limit it
 * replaces. At `stepPct` 100 the step is the far touch itself (the deadline's "touch").
 */
export function nextLimit(input: LadderInput, stepPct: number): number {
  const cap = ladderCap(input);
  const buy = input.side === 'BUY';
  const target = input.limit + ((input.farTouch - input.limit) * Math.min(100, Math.max(0, stepPct))) / 100;
  // Toward the touch by at least one tick when the touch is further: a step smaller than a tick would never move.
  let next = roundToTick(target, input.tickSize, buy ? 'up' : 'down');
  const farthest = buy ? Math.min(input.farTouch, cap) : Math.max(input.farTouch, cap);
  next = buy ? Math.min(next, roundToTick(farthest, input.tickSize, 'down')) : Math.max(next, roundToTick(farthest, input.tickSize, 'up'));
  return buy ? Math.max(next, input.limit) : Math.min(next, input.limit);
}
