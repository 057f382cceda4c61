import type { OptionsConfig } from '../../config/schema.js';
import type { FxRates } from '../../domain/money.js';
import type { ComboInstrument } from '../../domain/option.js';
import type { OrderIntent } from '../../domain/order.js';
import type { PlanLine } from '../../planning/plan-types.js';
import type { RiskReason } from '../risk-types.js';

export const SPREAD_PREMIUM = 'spread-premium';

export interface SpreadRiskInput {
  /** The combination orders of the plan. */
  readonly orders: readonly OrderIntent[];
  /** The plan's line of every spread, with the quantity it will hold and its net mid. */
  readonly lines: readonly PlanLine[];
  readonly combos: ReadonlyMap<string, ComboInstrument>;
  readonly nlv: number;
  readonly fx: FxRates;
  readonly baseCurrency: string;
  readonly limits: Pick<OptionsConfig, 'maxPremiumPerSpread' | 'maxPremiumPct'>;
}

/**
 * The spreads' own caps: no combination order may pay or take more premium than
 * `options.maxPremiumPerSpread` (net limit × quantity × multiplier), and the spreads held after
 * the plan, each at its net mid, may not be worth more than `options.maxPremiumPct` of NLV.
 * A spread that cannot be valued fails the check: the gate fails closed.
 */
export function spreadPremiumReasons(input: SpreadRiskInput): RiskReason[] {
  const reasons: RiskReason[] = [];
  const { limits, baseCurrency } = input;
  const value = (combo: ComboInstrument, quantity: number, price: number): number | undefined => (input.fx.has(combo.currency) ? Math.abs(input.fx.toBase(quantity * price * combo.multiplier, combo.currency)) : undefined);
  for (const order of input.orders) {
    const combo = input.combos.get(order.symbol);
    const premium = combo && value(combo, order.quantity, order.limitPrice);
    if (premium === undefined) reasons.push({ check: SPREAD_PREMIUM, message: `${order.symbol}: the premium of the combination order cannot be valued in ${baseCurrency}`, symbol: order.symbol });
    else if (premium > limits.maxPremiumPerSpread) {
      reasons.push({ check: SPREAD_PREMIUM, message: `${order.side} ${order.quantity} ${order.symbol} at a net ${order.limitPrice} is ${premium.toFixed(2)} ${baseCurrency} of premium, over options.maxPremiumPerSpread ${limits.maxPremiumPerSpread}`, symbol: order.symbol });
    }
  }
  let total = 0;
  for (const line of input.lines) {
    if (line.targetQuantity === 0) continue;
    const combo = input.combos.get(line.symbol);
    const held = combo && line.referencePrice > 0 ? value(combo, line.targetQuantity, line.referencePrice) : undefined;
    if (held === undefined) {
      reasons.push({ check: SPREAD_PREMIUM, message: `${line.symbol}: no net price to value the spread's premium`, symbol: line.symbol });
      continue;
    }
    total += held;
  }
  const cap = (limits.maxPremiumPct / 100) * input.nlv;
  if (total > cap) reasons.push({ check: SPREAD_PREMIUM, message: `the spreads would hold ${total.toFixed(2)} ${baseCurrency} of premium, over options.maxPremiumPct ${limits.maxPremiumPct}% of NLV (${cap.toFixed(2)})` });
  return reasons;
}
