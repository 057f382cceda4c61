import type { Snapshot } from '../domain/snapshot.js';
import type { PlanAction, PlanLine } from '../planning/plan-types.js';

/** The plan of one run, as its order file holds it. */
export interface LatestPlan {
  readonly runId: string;
  readonly at: number;
  readonly lines: readonly PlanLine[];
}

/** One instrument held or targeted: where the latest plan wanted it and where the account is now. */
export interface PositionAgainstTarget {
  readonly symbol: string;
  /** Quantity in the latest snapshot; 0 when not held. */
  readonly quantity: number;
  /** The plan's target quantity; undefined when the plan does not name the instrument. */
  readonly targetQuantity?: number;
  /** Market value / NLV in the latest snapshot. */
  readonly weight: number;
  /** The target quantity valued at the plan's reference price, over the snapshot's NLV. */
  readonly targetWeight?: number;
  /** weight − targetWeight. */
  readonly drift?: number;
  readonly action?: PlanAction;
  /** Units the plan traded; 0 for NONE. */
  readonly tradeQuantity?: number;
  /** Why the plan left the line alone or changed it. */
  readonly reason?: string;
}

/**
 * Positions against the targets of the latest plan: every instrument the snapshot holds or the
 * plan targets, largest first. `valueInBase` values a quantity at a price in the base currency
 * (multiplier and FX included); a symbol it cannot value has no target weight.
 */
export function positionsAgainstTargets(snapshot: Snapshot | undefined, plan: LatestPlan | undefined, valueInBase: (symbol: string, quantity: number, price: number) => number | undefined): PositionAgainstTarget[] {
  const held = new Map((snapshot?.positions ?? []).map((p) => [p.symbol, p]));
  const planned = new Map((plan?.lines ?? []).map((line) => [line.symbol, line]));
  const symbols = new Set([...held.keys(), ...[...planned.values()].filter((l) => l.targetQuantity !== 0 || l.action !== 'NONE').map((l) => l.symbol)]);
  const nlv = snapshot?.nlv ?? 0;
  const rows = [...symbols].map((symbol): PositionAgainstTarget => {
    const position = held.get(symbol);
    const line = planned.get(symbol);
    const weight = position?.weight ?? 0;
    const targetValue = line && line.referencePrice > 0 ? valueInBase(symbol, line.targetQuantity, line.referencePrice) : line?.targetQuantity === 0 ? 0 : undefined;
    const targetWeight = targetValue !== undefined && nlv > 0 ? targetValue / nlv : undefined;
    return {
      symbol,
      quantity: position?.quantity ?? 0,
      weight,
      ...(line ? { targetQuantity: line.targetQuantity, action: line.action, tradeQuantity: line.quantity } : {}),
      ...(line?.reason ? { reason: line.reason } : {}),
      ...(targetWeight !== undefined ? { targetWeight, drift: weight - targetWeight } : {}),
    };
  });
  const size = (r: PositionAgainstTarget): number => Math.max(Math.abs(r.targetWeight ?? 0), Math.abs(r.weight));
  return rows.sort((a, b) => size(b) - size(a) || a.symbol.localeCompare(b.symbol));
}
