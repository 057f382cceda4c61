import type { RiskReason } from '../risk-types.js';
import type { SpreadExposureInput } from './spread-exposure-input.js';

export const SPREAD_NOTIONAL = 'spread-notional';

/**
 * A spread's premium says little of what it controls: each spread whose plan adds to it may hold,
 * after the plan, legs whose notional (Σ over the legs of |underlying price × multiplier × ratio ×
 * spreads|) is at most `options.maxSpreadNotionalPct` of NLV. A spread being reduced or closed
 * passes: refusing it would keep the exposure. A spread that cannot be valued fails closed.
 */
export function spreadNotionalReasons(input: SpreadExposureInput): RiskReason[] {
  const reasons: RiskReason[] = [];
  const { limits, baseCurrency } = input;
  const cap = (limits.maxSpreadNotionalPct / 100) * input.nlv;
  for (const line of input.lines) {
    if (line.targetQuantity <= line.currentQuantity) continue;
    const combo = input.combos.get(line.symbol);
    const spot = combo && input.underlyingPrice(combo.underlying);
    if (!combo || spot === undefined || !(spot > 0) || !input.fx.has(combo.currency)) {
      reasons.push({ check: SPREAD_NOTIONAL, message: `${line.symbol}: the notional of its legs cannot be valued in ${baseCurrency} (no price of the underlying or no rate of its currency)`, symbol: line.symbol });
      continue;
    }
    const perSpread = combo.legs.reduce((sum, leg) => sum + spot * leg.instrument.multiplier * leg.ratio, 0);
    const notional = Math.abs(input.fx.toBase(perSpread * line.targetQuantity, combo.currency));
    if (notional > cap) {
      const pct = input.nlv > 0 ? ((notional / input.nlv) * 100).toFixed(2) : '∞';
      reasons.push({
        check: SPREAD_NOTIONAL,
        message: `${line.symbol}: ${line.targetQuantity} spreads would control ${notional.toFixed(2)} ${baseCurrency} of ${combo.underlying} through their legs (${pct}% of NLV), over options.maxSpreadNotionalPct ${limits.maxSpreadNotionalPct}% (${cap.toFixed(2)})`,
        symbol: line.symbol,
      });
    }
  }
  return reasons;
}
