import { parseOptionSymbol } from './option.js';
import { parseOrderTag, type Fill } from './order.js';

/**
 * The option contracts a spread was last traded with: the legs filled by the newest run that
 * traded it (its combination orders' tags carry the spread's name). The journal keeps one per
 * spread name, updated as fills are recorded, so finding the spreads held never reads the fill
 * history.
 */
export interface SpreadLegs {
  /** The spread's name: the symbol part of its combination orders' tags. */
  readonly name: string;
  /** The run whose combination order last filled legs of it. */
  readonly runId: string;
  /** The time of the newest of those fills, epoch ms UTC. */
  readonly time: number;
  /** The legs' option symbols, sorted. */
  readonly symbols: readonly string[];
}

/** The spread a fill is a leg of: an option fill whose tag names something other than an option (a spread). */
export function spreadOfFill(fill: Pick<Fill, 'tag' | 'symbol'>): { name: string; runId: string } | undefined {
  const tag = parseOrderTag(fill.tag);
  if (!tag || !parseOptionSymbol(fill.symbol) || parseOptionSymbol(tag.symbol)) return undefined;
  return { name: tag.symbol, runId: tag.runId };
}

/**
 * `known` after one more fill of the spread: a newer run's fill starts the legs afresh, a fill of
 * the same run adds its leg, an older run's fill changes nothing. Undefined when the fill is no
 * spread's leg (a stock, an option settled at expiry, an order autofolio did not make).
 */
export function withSpreadFill(known: SpreadLegs | undefined, fill: Pick<Fill, 'tag' | 'symbol' | 'time'>): SpreadLegs | undefined {
  const spread = spreadOfFill(fill);
  if (!spread) return undefined;
  if (known && known.runId === spread.runId) {
    const symbols = known.symbols.includes(fill.symbol) ? known.symbols : [...known.symbols, fill.symbol].sort();
    return { ...known, time: Math.max(known.time, fill.time), symbols };
  }
  if (known && fill.time <= known.time) return known;
  return { name: spread.name, runId: spread.runId, time: fill.time, symbols: [fill.symbol] };
}
