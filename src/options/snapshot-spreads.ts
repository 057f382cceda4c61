import { parseOptionSymbol } from '../domain/option.js';
import type { SpreadLegs } from '../domain/spread-legs.js';
import type { SnapshotPosition, SnapshotSpread } from '../domain/snapshot.js';
import { byCodeUnits } from '../domain/code-unit-order.js';

/** True when the account holds an option: only then are the spreads worth finding. */
export function holdsOptions(positions: readonly { symbol: string; quantity: number }[]): boolean {
  // Asked of every position twice per run: an option's symbol has a '-' before its expiry, so a
  // symbol without one (every stock's) is passed over before the pattern is tried.
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    if (p.quantity !== 0 && p.symbol.includes('-') && parseOptionSymbol(p.symbol) !== undefined) return true;
  }
  return false;
}

/**
 * The spreads the snapshot's positions hold: each spread name (the tag of its combination
 * orders) with the legs it was last traded with that the account still holds, its cost and its
 * value. A leg position is shown once, under the spread that last traded it.
 */
export function snapshotSpreads(traded: readonly SpreadLegs[], positions: readonly SnapshotPosition[], multiplierOf: (symbol: string) => number): SnapshotSpread[] {
  const held = new Map(positions.map((p) => [p.symbol, p]));
  const spreads: SnapshotSpread[] = [];
  for (const { name, symbols } of [...traded].sort((a, b) => byCodeUnits(a.name, b.name))) {
    const legs = [...symbols].sort().flatMap((symbol) => {
      const p = held.get(symbol);
      return p ? [{ symbol, quantity: p.quantity, multiplier: multiplierOf(symbol), avgCost: p.avgCost, price: p.price, marketValue: p.marketValue }] : [];
    });
    if (legs.length !== symbols.length) continue;
    const cost = legs.reduce((sum, leg) => sum + leg.quantity * leg.avgCost * leg.multiplier, 0);
    const value = legs.reduce((sum, leg) => sum + leg.marketValue, 0);
    spreads.push({ name, quantity: Math.min(...legs.map((leg) => Math.abs(leg.quantity))), legs, cost: Number(cost.toFixed(2)), value: Number(value.toFixed(2)) });
  }
  return spreads;
}
