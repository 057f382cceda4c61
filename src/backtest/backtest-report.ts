import { utcDateOf } from '../calendar/civil-date.js';
import { computeMetrics, metricsJson, type AnalyticsInput, type Metrics } from '../analytics/compute-metrics.js';
import type { BacktestResult } from './results.js';

/** The UTC date of a time, YYYY-MM-DD. */
export const day = utcDateOf;

/**
 * The start of the backtest as a point of its equity series: the initial equity, nothing held.
 * It is dated before the first mark's date when the first decision came on that date, so that
 * the first day's trading counts in every metric as in "equity … (x %)". When the account is
 * first marked before anything traded, that mark is the start itself.
 */
function startPoint(result: BacktestResult): { date: string; equity: number; benchmark: number } | undefined {
  const first = result.equity[0];
  const benchmark = result.benchmark?.start ?? Number.NaN;
  if (!first) return { date: day(result.from), equity: result.initialEquity, benchmark };
  if (first.time <= result.from && !result.fills.some((f) => f.time <= first.time)) return undefined;
  const firstDate = day(first.time);
  const date = day(result.from) < firstDate ? day(result.from) : day(Date.parse(`${firstDate}T00:00:00Z`) - 86_400_000);
  return { date, equity: result.initialEquity, benchmark };
}

interface DatedPoint {
  readonly equity: number;
  readonly gross: number;
  readonly net: number;
  readonly benchmark: number;
}

/** The start, then one point per date: the last mark of the date. */
function pointsByDate(result: BacktestResult): [string, DatedPoint][] {
  const byDate = new Map<string, DatedPoint>();
  const start = startPoint(result);
  if (start) byDate.set(start.date, { equity: start.equity, gross: 0, net: 0, benchmark: start.benchmark });
  result.equity.forEach((point, i) => byDate.set(day(point.time), { equity: point.equity, gross: point.gross ?? Number.NaN, net: point.net ?? Number.NaN, benchmark: result.benchmark?.marks[i] ?? Number.NaN }));
  return [...byDate];
}

/** What the metrics are computed from: the equity by date, the fills, the holdings and the benchmark. */
function metricsInput(result: BacktestResult, points: readonly [string, DatedPoint][]): AnalyticsInput {
  const benchmark = points.filter(([, p]) => Number.isFinite(p.benchmark)).map(([date, p]) => ({ date, value: p.benchmark }));
  return {
    equity: points.map(([date, p]) => ({ date, value: p.equity })),
    // The fills as the broker made them, their reference prices and FX rates beside them: tens of
    // thousands of copies with the two added were as many objects, alive through the metrics.
    fills: result.fills,
    fillReferencePrices: result.referencePrices,
    ...(result.fills.some((f) => f.currency !== result.baseCurrency) ? { fillFxRates: result.fills.map((f) => result.fxRateOf(f)) } : {}),
    baseCurrency: result.baseCurrency,
    ...(result.holdings ? { holdings: result.holdings } : {}),
    ...(result.benchmark && benchmark.length > 0 ? { benchmark, benchmarkName: result.benchmark.symbol } : {}),
  };
}

/** The backtest as the analytics module takes it: the start, then one point per date (the last mark of the date), the fills and the benchmark, with the exposure and weights the report draws. */
export function analyticsInput(result: BacktestResult): AnalyticsInput {
  const points = pointsByDate(result);
  const exposure = points.filter(([, p]) => Number.isFinite(p.gross)).map(([date, p]) => ({ date, gross: p.gross, net: p.net }));
  const weightsByDate = new Map(result.weights.map((w) => [day(w.time), w.weights]));
  return {
    ...metricsInput(result, points),
    weights: [...weightsByDate].map(([date, weights]) => ({ date, weights })),
    ...(exposure.length > 0 ? { exposure } : {}),
  };
}

/** The metrics alone: neither the weights nor the exposure, which only the report draws, are read or worked out. */
export function backtestMetrics(result: BacktestResult): Metrics {
  return computeMetrics(metricsInput(result, pointsByDate(result)));
}

/** `backtest --json`: the metrics object of `report --json`, then finalEquity, orders and fills. */
export function backtestJson(result: BacktestResult, metrics: Metrics = backtestMetrics(result)): Record<string, unknown> {
  return { ...metricsJson(metrics), finalEquity: result.finalEquity, orders: result.orders, fills: result.fills };
}
