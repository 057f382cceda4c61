import type { HoldingsPoint } from './fx-effect.js';

/** Each position's value as a fraction of equity at one date (shorts negative). */
export interface WeightsPoint {
  readonly date: string;
  readonly weights: Readonly<Record<string, number>>;
}

/** The weights of end-of-day holdings: each position at its price and its currency's rate, over the date's equity. */
export function weightsOfHoldings(holdings: readonly HoldingsPoint[], equityByDate: ReadonlyMap<string, number>): WeightsPoint[] {
  const points: WeightsPoint[] = [];
  for (const h of holdings) {
    const equity = equityByDate.get(h.date);
    if (!(equity !== undefined && equity > 0)) continue;
    const weights: Record<string, number> = {};
    for (const p of h.positions) weights[p.symbol] = (weights[p.symbol] ?? 0) + (p.quantity * p.price * (p.multiplier ?? 1) * (h.rates[p.currency] ?? 1)) / equity;
    points.push({ date: h.date, weights });
  }
  return points;
}

/** Weight series per symbol at the equity dates, the largest `top` by mean |weight| and the rest as "others". */
export interface WeightSeries {
  readonly names: string[];
  /** values[k][i]: the weight of names[k] at dates[i]; NaN before the first recorded weights. */
  readonly values: number[][];
}

/**
 * Aligns weights to the equity dates: a date takes the last weights recorded on or before it
 * (a backtest records them at each run, an account at each day's last snapshot).
 */
export function weightSeries(dates: readonly string[], points: readonly WeightsPoint[], top = 8): WeightSeries {
  const size = new Map<string, number>();
  // Keys walked with for…in, not Object.entries: a backtest has a point per run, each with
  // every instrument, and a pair per key was most of the cost.
  for (const p of points) {
    const weights = p.weights;
    for (const symbol in weights) size.set(symbol, (size.get(symbol) ?? 0) + Math.abs(weights[symbol]!));
  }
  const ranked = [...size].filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([symbol]) => symbol);
  const shown = ranked.slice(0, top);
  const others = ranked.length > top;
  const names = others ? [...shown, `${ranked.length - top} others`] : shown;
  const values = names.map(() => new Array<number>(dates.length).fill(Number.NaN));
  const isShown = new Set(shown);
  // Weights change at each recorded point only (a backtest's runs), while dates are every bar:
  // each point's split into the shown names and the rest is worked out once.
  let j = -1;
  let split = -1;
  let shownValues: number[] = [];
  let rest = 0;
  for (let i = 0; i < dates.length; i++) {
    const date = dates[i]!;
    while (j + 1 < points.length && points[j + 1]!.date <= date) j++;
    if (j < 0) continue;
    if (split !== j) {
      const w = points[j]!.weights;
      rest = 0;
      for (const symbol in w) if (!isShown.has(symbol)) rest += w[symbol]!;
      shownValues = shown.map((symbol) => w[symbol] ?? 0);
      split = j;
    }
    for (let k = 0; k < shown.length; k++) values[k]![i] = shownValues[k]!;
    if (others) values[shown.length]![i] = rest;
  }
  return { names, values };
}
