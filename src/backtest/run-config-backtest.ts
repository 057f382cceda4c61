import { getCalendar } from '../calendar/get-calendar.js';
import { BarsMarketView } from '../brokers/paper/market-view.js';
import { fxRatesFromView } from '../brokers/paper/valuation.js';
import type { LoadedConfig } from '../config/load.js';
import { tradableInstruments } from '../cycle/instruments.js';
import { runCycle } from '../cycle/run-cycle.js';
import { lastKnownPriceValue } from '../data/bar-series.js';
import type { ColumnarCacheOptions } from '../data/columnar/columnar-cache.js';
import { loadColumnarFolder } from '../data/columnar/columnar-folder.js';
import { calendarsOfInstruments } from '../data/csv/config-market-data.js';
import { adjustedSeries } from '../data/adjusted-series.js';
import { InMemoryMarketData } from '../data/in-memory-market-data.js';
import { seriesInSessions } from '../data/session-bars.js';
import { SimulatedClock } from '../domain/clock.js';
import type { Fill } from '../domain/order.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { HoldingsPoint } from '../analytics/fx-effect.js';
import { createStrategy } from '../strategy/create-strategy.js';
import { backtestAccount } from './backtest-account.js';
import { BacktestSetupError, backtestSettings } from './backtest-setup.js';
import { barTimes, sessionTimes } from './backtest-times.js';
import type { BacktestBenchmark, BacktestOrder, BacktestResult, EquityPoint } from './results.js';
import type { Rebalance } from './schedule.js';

export interface ConfigBacktestOptions extends ColumnarCacheOptions {
  readonly config: LoadedConfig;
  /** First and last trading date, YYYY-MM-DD, both included; default the data's first and last. */
  readonly fromDate?: string;
  readonly toDate?: string;
  readonly rebalance: Rebalance;
  /** Default: the config's dataDir. */
  readonly dataDir?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

/** A run id like newRunId's, with a fixed suffix so that a backtest is repeatable. */
export function backtestRunId(time: number): string {
  return `r-${new Date(time).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}-0000`;
}

/**
 * Backtests the configured strategy by running the cycle itself (src/cycle/run-cycle.ts) at
 * every decision time, on the paper broker and a simulated clock, with an in-memory journal:
 * what a backtest does is what a paper or live run does, by construction. The account is
 * marked at every session close (or bar close when the data is the calendar).
 */
export async function runConfigBacktest(options: ConfigBacktestOptions): Promise<BacktestResult> {
  const settings = backtestSettings(options.config);
  const { config } = settings;
  const strategy = createStrategy(config.strategy);
  if (!strategy) throw new BacktestSetupError('strategy.kind external: a backtest needs a built-in strategy (fixed or inverse-vol)');
  const symbols = config.instruments.map((i) => i.symbol);
  const benchmarkSymbol = config.analytics.benchmark;
  const loaded = benchmarkSymbol !== undefined && !symbols.includes(benchmarkSymbol) ? [...symbols, benchmarkSymbol] : symbols;
  const folder = loadColumnarFolder(options.dataDir ?? config.dataPath, loaded, options);
  const calendarOf = calendarsOfInstruments(config);
  const tradable = tradableInstruments(config);
  const mainCalendar = getCalendar(tradable[0]?.exchange ?? 'XNYS');
  // A benchmark that is not an instrument trades on the main exchange's hours, so that its daily closes fall at that close.
  const series = new Map(loaded.map((s) => [s, seriesInSessions(folder.series.get(s)!, calendarOf(s) ?? (s === benchmarkSymbol ? mainCalendar : undefined))]));
  // The broker trades and values at raw prices and books the actions on their ex-dates; the
  // strategy reads total-return history (unless backtest.prices is raw), adjusted once per series.
  const marketData = new InMemoryMarketData(series, folder.actions);
  const strategyData = config.backtest.prices === 'raw' || folder.actions.size === 0 ? marketData : new InMemoryMarketData(new Map([...series].map(([symbol, bars]) => [symbol, adjustedSeries(bars, folder.actions.get(symbol) ?? [], symbol)])), folder.actions);
  const timesInput = { series: tradable.map((i) => series.get(i.symbol)!), historyDays: strategy.historyDays, rebalance: options.rebalance, ...(options.fromDate ? { fromDate: options.fromDate } : {}), ...(options.toDate ? { toDate: options.toDate } : {}) };
  const { decisions, marks } = settings.schedule === 'bars' ? barTimes(timesInput) : sessionTimes(timesInput, mainCalendar);
  const period = `from ${options.fromDate ?? 'the first bar'} to ${options.toDate ?? 'the last bar'}`;
  if (marks.length === 0) throw new BacktestSetupError(`no ${settings.schedule === 'bars' ? 'bar' : `${mainCalendar.mic} session`} ${period}`);
  if (decisions.length === 0) {
    throw new BacktestSetupError(`no rebalance ${period}: the strategy (${strategy.name}) needs ${strategy.historyDays} dates of closes before its first forecast, and the data does not reach that within the period; give the data more history or the period (--from, --to) more days`);
  }

  const start = Math.min(marks[0]!, decisions[0] ?? Number.POSITIVE_INFINITY);
  const clock = new SimulatedClock(start);
  const account = backtestAccount(settings, { strategy, marketData, strategyData, clock, calendarOf, mainCalendar });
  const { broker } = account;
  await broker.connect();
  const initialEquity = await broker.netLiquidation();
  const equity: EquityPoint[] = [];
  const problems: string[] = [];
  const total = decisions.length + marks.length;
  let d = 0;
  let m = 0;
  // At one time the decision comes first: an order that fills at once belongs in that mark.
  while (d < decisions.length || m < marks.length) {
    options.onProgress?.(d + m, total);
    if (d < decisions.length && (m >= marks.length || decisions[d]! <= marks[m]!)) {
      const time = decisions[d++]!;
      clock.set(time);
      const result = await runCycle(account.deps, { purpose: 'trade', dryRun: false }, backtestRunId(time));
      for (const problem of result.problems) problems.push(`${new Date(time).toISOString()} ${problem}`);
      // The cycle ends its broker session; the marks between two runs read the account through a new one.
      await broker.connect();
    } else {
      const time = marks[m++]!;
      clock.set(time);
      const mark = await broker.exposure();
      equity.push({ time, equity: mark.nlv, gross: mark.gross, net: mark.net });
    }
  }
  options.onProgress?.(total, total);
  await broker.disconnect();

  const { state } = account;
  const market = settings.fillModel === 'next-open-market';
  // Two literals rather than one with a spread: a long backtest makes tens of thousands of orders.
  const orders = state.orders.map((o): BacktestOrder =>
    market
      ? { time: o.placedAt, tag: o.tag, symbol: o.symbol, side: o.side, quantity: o.quantity, type: 'market', filledQuantity: o.filled, status: o.status }
      : { time: o.placedAt, tag: o.tag, symbol: o.symbol, side: o.side, quantity: o.quantity, type: 'limit', limitPrice: o.limit, filledQuantity: o.filled, status: o.status },
  );
  // Asked for the fills' tags, in their order: the report reads each fill's price by its index.
  const referencePrices = await account.journal.referencePrices(tagsOf(state.fills));
  const fillFxRates = fxRatesOfFills(config, marketData, state.fills);
  // The runs' snapshots hold the weights already: positions over time cost nothing in the loop.
  const snapshots = await account.journal.snapshotsBetween(start, Number.POSITIVE_INFINITY);
  let weights: BacktestResult['weights'] | undefined;
  const holdings = snapshots.some((s) => s.fx !== undefined) ? holdingsOf(config, marketData, snapshots) : undefined;
  return {
    from: start,
    to: Math.max(marks[marks.length - 1]!, decisions[decisions.length - 1] ?? 0),
    bars: Math.max(...symbols.map((s) => series.get(s)!.length)),
    symbols,
    initialEquity,
    finalEquity: equity[equity.length - 1]?.equity ?? initialEquity,
    equity,
    orders,
    // The broker is disconnected: its account no longer changes, so its fills are the result's.
    fills: state.fills,
    // Made when first read: only the report draws them, and over hundreds of symbols and runs
    // they are as many objects as there are fills, which `--json` and the metrics never use.
    get weights() {
      return (weights ??= snapshots.map((s) => ({ time: s.time, weights: Object.fromEntries(s.positions.map((p) => [p.symbol, p.weight])) })));
    },
    ...(holdings ? { holdings } : {}),
    baseCurrency: config.account.baseCurrency,
    ...(benchmarkSymbol !== undefined ? { benchmark: benchmarkAt(benchmarkSymbol, strategyData, start, equity) } : {}),
    referencePrices,
    // Only foreign fills have a rate: a base-currency fill (every fill of most accounts) is not looked up.
    fxRateOf: (fill) => (fill.currency === config.account.baseCurrency ? undefined : fillFxRates.get(fill.execId)),
    problems,
  };
}

/** The fills' tags, in their order: indexed, in code run once per backtest over tens of thousands of fills. */
function tagsOf(fills: readonly Fill[]): string[] {
  const tags = new Array<string>(fills.length);
  for (let i = 0; i < fills.length; i++) tags[i] = fills[i]!.tag;
  return tags;
}

/** The base-currency value of each foreign fill's currency, from the FX pairs known at its time. */
function fxRatesOfFills(config: LoadedConfig, marketData: InMemoryMarketData, fills: readonly Fill[]): Map<string, number> {
  const base = config.account.baseCurrency;
  const rates = new Map<string, number>();
  // An account that trades in its base currency alone has no foreign fill to look for among tens of thousands.
  if (config.instruments.every((instrument) => instrument.currency === base)) return rates;
  // Indexed: one pass over tens of thousands of fills, before it is optimised, where for-of made an iterator result per fill.
  for (let i = 0; i < fills.length; i++) {
    const fill = fills[i]!;
    if (fill.currency === base) continue;
    const view = new BarsMarketView(new Map(config.instruments.map((i) => [i.symbol, marketData.barsNow(i.symbol, fill.time)])), fill.time);
    rates.set(fill.execId, fxRatesFromView(base, config.instruments, view, [fill.currency]).toBase(1, fill.currency));
  }
  return rates;
}

/**
 * What the account held and owed after each run, the last of each date, with the FX rates of
 * that moment: the FX effect of the report splits from them what the currency moves did to the
 * assets and what the hedge did. Made only for an account with something outside its base
 * currency (its runs' snapshots have an exposure table).
 */
function holdingsOf(config: LoadedConfig, marketData: InMemoryMarketData, snapshots: readonly Snapshot[]): HoldingsPoint[] {
  const base = config.account.baseCurrency;
  const lastOfDate = new Map<string, Snapshot>();
  for (const s of snapshots) lastOfDate.set(new Date(s.time).toISOString().slice(0, 10), s);
  return [...lastOfDate].map(([date, s]) => {
    const currencies = [...new Set([...s.positions.map((p) => p.currency), ...Object.keys(s.cash)])].filter((c) => c !== base);
    const view = new BarsMarketView(new Map(config.instruments.map((i) => [i.symbol, marketData.barsNow(i.symbol, s.time)])), s.time);
    const rates = fxRatesFromView(base, config.instruments, view, currencies);
    const multiplier = new Map(config.instruments.map((i) => [i.symbol, i.multiplier]));
    return {
      date,
      positions: s.positions.map((p) => ({ symbol: p.symbol, currency: p.currency, quantity: p.quantity, price: p.price, multiplier: multiplier.get(p.symbol) ?? 1 })),
      rates: Object.fromEntries(rates.entries()),
      cash: s.cash,
    };
  });
}

/** The benchmark's last known price at the start and at every mark: read once, after the loop. */
function benchmarkAt(symbol: string, marketData: InMemoryMarketData, start: number, equity: readonly EquityPoint[]): BacktestBenchmark {
  const at = (time: number): number => lastKnownPriceValue(marketData.barsNow(symbol, time), time) ?? Number.NaN;
  return { symbol, start: at(start), marks: equity.map((point) => at(point.time)) };
}
