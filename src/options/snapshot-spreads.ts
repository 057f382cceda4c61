import { parseOptionSymbol } from '../domain/option.js';
import { parseOrderTag, type Fill } from '../domain/order.js';
import type { SnapshotPosition, SnapshotSpread } from '../domain/snapshot.js';

/** True when the account holds an option: only then are the spreads worth finding. */
export function holdsOptions(positions: readonly { symbol: string; quantity: number }[]): boolean {
  return positions.some((p) => p.quantity !== 0 && parseOptionSymbol(p.symbol) !== undefined);
}

/**
 * The spreads the snapshot's positions hold: each spread name (the tag of its combination
 * orders) with the legs it was last traded with that the account still holds, its cost and its
 * value. A leg position is shown once, under the spread that last traded it.
 */
export function snapshotSpreads(fills: readonly Fill[], positions: readonly SnapshotPosition[], multiplierOf: (symbol: string) => number): SnapshotSpread[] {
  const byName = new Map<string, { runId: string; time: number; symbols: Set<string> }>();
  for (const fill of fills) {
    const tag = parseOrderTag(fill.tag);
    if (!tag || !parseOptionSymbol(fill.symbol) || parseOptionSymbol(tag.symbol)) continue;
    const known = byName.get(tag.symbol);
    if (!known || fill.time > known.time) byName.set(tag.symbol, { runId: tag.runId, time: fill.time, symbols: known?.runId === tag.runId ? known.symbols.add(fill.symbol) : new Set([fill.symbol]) });
    else if (known.runId === tag.runId) known.symbols.add(fill.symbol);
  }
  const held = new Map(positions.map((p) => [p.symbol, p]));
  const spreads: SnapshotSpread[] = [];
  for (const [name, { symbols }] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
    const legs = [...symbols].sort().flatMap((symbol) => {
      const p = held.get(symbol);
      return p ? [{ symbol, quantity: p.quantity, multiplier: multiplierOf(symbol), avgCost: p.avgCost, price: p.price, marketValue: p.marketValue }] : [];
    });
    if (legs.length !== symbols.size) continue;
    const cost = legs.reduce((sum, leg) => sum + leg.quantity * leg.avgCost * leg.multiplier, 0);
    const value = legs.reduce((sum, leg) => sum + leg.marketValue, 0);
    spreads.push({ name, quantity: Math.min(...legs.map((leg) => Math.abs(leg.quantity))), legs, cost: Number(cost.toFixed(2)), value: Number(value.toFixed(2)) });
  }
  return spreads;
}
