import { fillValueBase, type FillObservation } from './fill-observation.js';

/**
 * Slippage of a fill in basis points against a benchmark price, signed so that a cost is
 * positive: a buy above the benchmark or a sell below it. Undefined without a benchmark price.
 */
export function slippageBps(fill: Pick<FillObservation, 'side' | 'price'>, benchmarkPrice: number | undefined): number | undefined {
  if (benchmarkPrice === undefined || !(benchmarkPrice > 0)) return undefined;
  const direction = fill.side === 'BUY' ? 1 : -1;
  return (direction * (fill.price - benchmarkPrice) / benchmarkPrice) * 10_000;
}

export interface FillSlippage {
  readonly time: string | number;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly valueBase: number;
  /** Against the reference (mid) price the order was planned at. */
  readonly vsReferenceBps: number | undefined;
  /** Against the mid quote when the order was sent. */
  readonly vsSentBps: number | undefined;
}

export function fillSlippages(fills: readonly FillObservation[]): FillSlippage[] {
  return fills.map((f) => ({
    time: f.time,
    symbol: f.symbol,
    side: f.side,
    valueBase: fillValueBase(f),
    vsReferenceBps: slippageBps(f, f.referencePrice),
    vsSentBps: slippageBps(f, f.sentPrice),
  }));
}

/**
 * The mean of slippages in bps weighted by traded value (fills or whole orders), over those
 * that have a figure; undefined when none has. What is left out (no benchmark price) neither
 * counts as zero nor moves the mean.
 */
export function valueWeightedBps(items: readonly { readonly valueBase: number; readonly bps: number | undefined }[]): number | undefined {
  let weight = 0;
  let sum = 0;
  for (const { valueBase, bps } of items) {
    // A value that cannot be known (no FX rate) leaves the item out of the mean rather than weigh it wrongly.
    if (bps === undefined || !Number.isFinite(bps) || !Number.isFinite(valueBase)) continue;
    weight += valueBase;
    sum += bps * valueBase;
  }
  return weight > 0 ? sum / weight : undefined;
}
