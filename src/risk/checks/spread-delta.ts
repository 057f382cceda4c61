import type { RiskReason } from '../risk-types.js';
import { signedRatio, type SpreadExposureInput } from './spread-exposure-input.js';

export const SPREAD_DELTA = 'spread-delta';

/**
 * The spreads' net delta, in money of the underlyings: |Σ over every spread's legs of delta ×
 * multiplier × ratio × spreads × underlying price| may be at most `options.maxNetDeltaPct` of
 * NLV after the plan. A plan that leaves it over the cap but lower than before passes (it only
 * reduces the exposure); a leg that cannot be valued fails closed.
 */
export function spreadDeltaReasons(input: SpreadExposureInput): RiskReason[] {
  const { limits, baseCurrency } = input;
  if (!input.lines.some((line) => line.targetQuantity !== line.currentQuantity)) return [];
  let before = 0;
  let after = 0;
  const parts: string[] = [];
  for (const line of input.lines) {
    const combo = input.combos.get(line.symbol);
    const spot = combo && input.underlyingPrice(combo.underlying);
    if (!combo || spot === undefined || !(spot > 0) || !input.fx.has(combo.currency)) {
      return [{ check: SPREAD_DELTA, message: `${line.symbol}: the delta of its legs cannot be valued in ${baseCurrency} (no price of the underlying or no rate of its currency)`, symbol: line.symbol }];
    }
    const perSpread = combo.legs.reduce((sum, leg) => sum + input.legDelta(leg.instrument, spot) * leg.instrument.multiplier * signedRatio(leg) * spot, 0);
    if (!Number.isFinite(perSpread)) return [{ check: SPREAD_DELTA, message: `${line.symbol}: no delta for its legs`, symbol: line.symbol }];
    const toBase = (quantity: number) => input.fx.toBase(perSpread * quantity, combo.currency);
    before += toBase(line.currentQuantity);
    after += toBase(line.targetQuantity);
    if (line.targetQuantity !== 0) parts.push(`${line.symbol} ${signed(toBase(line.targetQuantity))}`);
  }
  const cap = (limits.maxNetDeltaPct / 100) * input.nlv;
  if (Math.abs(after) <= cap || Math.abs(after) < Math.abs(before)) return [];
  const pct = input.nlv > 0 ? ((Math.abs(after) / input.nlv) * 100).toFixed(2) : '∞';
  return [
    {
      check: SPREAD_DELTA,
      message: `the spreads would hold a net delta of ${signed(after)} ${baseCurrency} (${parts.join(', ')}; ${pct}% of NLV), over options.maxNetDeltaPct ${limits.maxNetDeltaPct}% (${cap.toFixed(2)})`,
      ...(parts.length === 1 ? { symbol: parts[0]!.split(' ')[0]! } : {}),
    },
  ];
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}`;
}
