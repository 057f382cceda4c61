import { compareWithBenchmark, type BenchmarkComparison } from './benchmark-comparison.js';
import { cagr } from './cagr.js';
import { calmarRatio } from './calmar-ratio.js';
import { DEFAULT_CONVENTIONS, periodRiskFree, type Conventions } from './conventions.js';
import { periodReturns, priceReturns } from './daily-returns.js';
import { weightSeries, weightsOfHoldings, type WeightSeries, type WeightsPoint } from './position-weights.js';
import { observedFills, type FillObservation } from './fill-observation.js';
import { exposureOfHoldings, exposureRatios, type ExposurePoint } from './exposure.js';
import { fxEffect, type FxEffect, type HoldingsPoint } from './fx-effect.js';
import { drawdownSeries, maxDrawdown } from './max-drawdown.js';
import { moneyWeightedReturn } from './money-weighted-return.js';
import { monthlyReturns, type MonthlyReturn } from './monthly-returns.js';
import { rollingVolatility } from './rolling-volatility.js';
import { checkSeries, daysBetween, type CashFlow, type DatedValue } from './series.js';
import { sharpeRatio } from './sharpe-ratio.js';
import { fillTotals } from './fill-totals.js';
import { fillSlippages, type FillSlippage } from './slippage.js';
import { sortinoRatio } from './sortino-ratio.js';
import { finiteOrNull } from './stats.js';
import { growthIndex, timeWeightedReturn } from './time-weighted-return.js';
import { turnover } from './turnover.js';
import { annualVolatility } from './volatility.js';

/** Everything the metrics are computed from; in-memory series, so a backtest can pass its own. */
export interface AnalyticsInput {
  /** End-of-day equity (NLV) in the base currency, one point per date, dates increasing. */
  readonly equity: readonly DatedValue[];
  /** Deposits (+) and withdrawals (−) in the base currency. */
  readonly cashFlows?: readonly CashFlow[];
  /**
   * The daily returns, one per equity point after the first, where they are known more finely
   * than the daily points and dated flows tell: an account's, chained over every snapshot with
   * each flow in the sub-period it was recorded in (net-pnl.ts). Without them they come from
   * `equity` and `cashFlows`, each flow at the end of its day.
   */
  readonly returns?: readonly number[];
  /** A benchmark price or value series; aligned to the equity dates by date (last value on or before). */
  readonly benchmark?: readonly DatedValue[];
  readonly benchmarkName?: string;
  readonly fills?: readonly FillObservation[];
  /**
   * The reference price of fills[i], and its FX rate, where the fill carries none: a backtest
   * hands over its fills as the broker made them (tens of thousands, each copied with two more
   * fields was as many objects again, alive while the metrics were worked out), with these beside them.
   */
  readonly fillReferencePrices?: readonly (number | undefined)[];
  readonly fillFxRates?: readonly (number | undefined)[];
  /** End-of-day holdings with prices and FX rates, for the FX effect (and the exposure, when not given). */
  readonly holdings?: readonly HoldingsPoint[];
  /** End-of-day gross and net value of the positions in the base currency; default: from the holdings. */
  readonly exposure?: readonly ExposurePoint[];
  /** Position weights (value / equity) where they were recorded; default: from the holdings. */
  readonly weights?: readonly WeightsPoint[];
  readonly baseCurrency?: string;
  /** Annual risk-free rate (default 0) and periods a year (default 252). */
  readonly conventions?: Partial<Conventions>;
}

/** The headline numbers. null where a metric is undefined (too few points, no downside, no drawdown). */
export interface Metrics {
  readonly start: string | null;
  readonly end: string | null;
  readonly periods: number;
  readonly startEquity: number | null;
  readonly endEquity: number | null;
  readonly netCashFlows: number;
  readonly twr: number | null;
  readonly cagr: number | null;
  readonly mwr: number | null;
  readonly volatility: number | null;
  readonly sharpe: number | null;
  readonly sortino: number | null;
  readonly calmar: number | null;
  readonly maxDrawdown: number | null;
  /** Calendar days from the peak before the deepest fall to its recovery, or to the last date if not recovered. */
  readonly maxDrawdownDays: number | null;
  readonly maxDrawdownPeak: string | null;
  readonly maxDrawdownTrough: string | null;
  readonly maxDrawdownRecovery: string | null;
  readonly turnover: number | null;
  /** In the base currency, each fill's commission at the fill's rate. */
  readonly commissions: number;
  /** Per currency, in that currency (what the broker charged). */
  readonly commissionsByCurrency: Readonly<Record<string, number>>;
  readonly fills: number;
  /** Value-weighted mean slippage against the planning reference price, in bps (cost positive). */
  readonly slippageBps: number | null;
  /** The same against the mid quote when the order was sent. */
  readonly slippageVsSentBps: number | null;
  /** Currency part of the return (see fx-effect.ts). */
  readonly fxEffect: number | null;
  readonly fxPnl: number | null;
  /** What the currency moves did to the cash held or owed abroad (the hedge), as a part of the return (see fx-effect.ts). */
  readonly fxHedgeEffect: number | null;
  /** The same in the base currency. */
  readonly fxHedgePnl: number | null;
  readonly benchmark: (Record<keyof BenchmarkComparison, number | null> & { name: string }) | null;
  readonly conventions: Conventions;
}

/** The metrics with the series the report draws. */
export interface Analysis {
  readonly metrics: Metrics;
  readonly dates: string[];
  readonly equity: number[];
  readonly returns: number[];
  /** Growth of 1 at the equity dates (TWR index), portfolio and benchmark. */
  readonly index: number[];
  readonly benchmarkIndex: number[] | undefined;
  readonly drawdown: number[];
  readonly rollingVol20: number[];
  readonly rollingVol60: number[];
  readonly monthly: MonthlyReturn[];
  readonly slippage: FillSlippage[];
  readonly fx: FxEffect | undefined;
  /** Gross leverage and net exposure at the equity dates, as fractions of equity; undefined without holdings or exposure. */
  readonly exposure: { readonly leverage: number[]; readonly net: number[] } | undefined;
  /** Position weights at the equity dates, the largest positions first; undefined without holdings or weights. */
  readonly weights: WeightSeries | undefined;
}

/** The benchmark's value on each date: its last value on or before the date; undefined before it starts. */
function alignBenchmark(dates: readonly string[], benchmark: readonly DatedValue[]): (number | undefined)[] {
  let j = -1;
  return dates.map((date) => {
    while (j + 1 < benchmark.length && benchmark[j + 1]!.date <= date) j++;
    return j >= 0 ? benchmark[j]!.value : undefined;
  });
}

/** The metrics and the series they are made of, without the series only the report draws. */
interface MetricsParts {
  readonly metrics: Metrics;
  readonly dates: string[];
  readonly values: number[];
  readonly returns: number[];
  readonly index: number[];
  readonly benchmarkIndex: number[] | undefined;
  readonly fx: FxEffect | undefined;
}

function metricsParts(input: AnalyticsInput): MetricsParts {
  const conventions: Conventions = { ...DEFAULT_CONVENTIONS, ...input.conventions };
  const perYear = conventions.periodsPerYear;
  checkSeries(input.equity, 'equity');
  const flows = input.cashFlows ?? [];
  const equity = input.equity;
  const dates = equity.map((p) => p.date);
  const values = equity.map((p) => p.value);
  if (input.returns && input.returns.length !== Math.max(0, equity.length - 1)) throw new RangeError(`returns: ${input.returns.length} given for ${equity.length} equity points, expected one per point after the first`);
  const returns = input.returns ? [...input.returns] : periodReturns(equity, flows).returns;
  const index = growthIndex(returns);
  const dd = maxDrawdown(returns);
  const first = dates[0];
  const last = dates[dates.length - 1];
  const inPeriod = flows.filter((f) => first !== undefined && last !== undefined && f.date > first && f.date <= last);

  let benchmark: Metrics['benchmark'] = null;
  let benchmarkIndex: number[] | undefined;
  if (input.benchmark && input.benchmark.length > 0) {
    checkSeries(input.benchmark, 'benchmark');
    const aligned = alignBenchmark(dates, input.benchmark);
    if (aligned.every((v) => v !== undefined)) {
      const series = dates.map((date, i) => ({ date, value: aligned[i]! }));
      const benchReturns = priceReturns(series).returns;
      benchmarkIndex = growthIndex(benchReturns);
      const comparison = compareWithBenchmark(returns, benchReturns, perYear);
      // Without a single return there is nothing to compare: a 0 % benchmark return would read as a fact.
      benchmark = { name: input.benchmarkName ?? 'benchmark', ...(Object.fromEntries(Object.entries(comparison).map(([k, v]) => [k, returns.length > 0 ? finiteOrNull(v) : null])) as Record<keyof BenchmarkComparison, number | null>) };
    }
  }

  const fills = input.fills ?? [];
  const totals = fillTotals(fills, input.fillReferencePrices, input.fillFxRates);
  const fx = input.holdings && input.holdings.length > 1 ? fxEffect(input.holdings, new Map(equity.map((p) => [p.date, p.value])), input.baseCurrency ?? 'USD') : undefined;
  const rf = periodRiskFree(conventions);
  const peakDate = dates[dd.peak];
  const ddEnd = dd.recovery !== undefined ? dates[dd.recovery] : last;
  const metrics: Metrics = {
    start: first ?? null,
    end: last ?? null,
    periods: returns.length,
    startEquity: values[0] ?? null,
    endEquity: values[values.length - 1] ?? null,
    netCashFlows: inPeriod.reduce((sum, f) => sum + f.amount, 0),
    twr: returns.length > 0 ? timeWeightedReturn(returns) : null,
    cagr: finiteOrNull(cagr(returns, perYear)),
    mwr: finiteOrNull(moneyWeightedReturn(equity, flows)),
    volatility: finiteOrNull(annualVolatility(returns, perYear)),
    sharpe: finiteOrNull(sharpeRatio(returns, perYear, rf)),
    sortino: finiteOrNull(sortinoRatio(returns, perYear, rf)),
    calmar: finiteOrNull(calmarRatio(returns, perYear)),
    maxDrawdown: returns.length > 0 ? dd.maxDrawdown : null,
    maxDrawdownDays: dd.maxDrawdown < 0 && peakDate && ddEnd ? daysBetween(peakDate, ddEnd) : returns.length > 0 ? 0 : null,
    maxDrawdownPeak: dd.maxDrawdown < 0 ? (peakDate ?? null) : null,
    maxDrawdownTrough: dd.maxDrawdown < 0 ? (dates[dd.trough] ?? null) : null,
    maxDrawdownRecovery: dd.recovery !== undefined ? (dates[dd.recovery] ?? null) : null,
    turnover: values.length > 0 ? finiteOrNull(turnover(totals.traded, values)) : null,
    commissions: totals.commissions,
    commissionsByCurrency: totals.commissionsByCurrency,
    fills: fills.length,
    slippageBps: finiteOrNull(totals.slippageBps),
    slippageVsSentBps: finiteOrNull(totals.slippageVsSentBps),
    fxEffect: fx ? fx.fxEffect : null,
    fxPnl: fx ? fx.currencyPnlBase : null,
    fxHedgeEffect: fx ? fx.hedgeEffect : null,
    fxHedgePnl: fx ? fx.hedgePnlBase : null,
    benchmark,
    conventions,
  };
  return { metrics, dates, values, returns, index, benchmarkIndex, fx };
}

export function analyse(input: AnalyticsInput): Analysis {
  const { metrics, dates, values, returns, index, benchmarkIndex, fx } = metricsParts(input);
  const perYear = metrics.conventions.periodsPerYear;
  const exposureInput = input.exposure ?? (input.holdings ? exposureOfHoldings(input.holdings) : undefined);
  const weightsInput = input.weights ?? (input.holdings ? weightsOfHoldings(input.holdings, new Map(input.equity.map((p) => [p.date, p.value]))) : undefined);
  return {
    metrics,
    dates,
    equity: values,
    returns,
    index,
    benchmarkIndex,
    drawdown: drawdownSeries(index),
    rollingVol20: rollingVolatility(returns, 20, perYear),
    rollingVol60: rollingVolatility(returns, 60, perYear),
    monthly: monthlyReturns(dates.slice(1), returns),
    slippage: fillSlippages(observedFills(input)),
    fx,
    exposure: exposureInput ? exposureRatios(dates, values, exposureInput) : undefined,
    weights: weightsInput ? weightSeries(dates, weightsInput) : undefined,
  };
}

/** The metrics of an equity series (with flows, benchmark, fills and holdings where given). */
export function computeMetrics(input: AnalyticsInput): Metrics {
  // Without the series only the report draws (drawdown, rolling volatility, weights…): over a
  // long backtest they cost more than the metrics themselves.
  return metricsParts(input).metrics;
}

/** The keys `autofolio report --json` and `autofolio metrics --json` print, in this order, then the rest. */
export const HEADLINE_KEYS = ['twr', 'cagr', 'volatility', 'sharpe', 'sortino', 'calmar', 'maxDrawdown', 'maxDrawdownDays', 'turnover', 'commissions', 'slippageBps', 'fxEffect'] as const;

export function metricsJson(metrics: Metrics): Record<string, unknown> {
  const headline = Object.fromEntries(HEADLINE_KEYS.map((k) => [k, metrics[k]]));
  return { ...headline, ...metrics };
}
