import { getCalendar } from '../calendar/get-calendar.js';
import { PaperMatchingEngine } from '../brokers/paper/matching.js';
import { BarsMarketView, paperQuote } from '../brokers/paper/market-view.js';
import { newPaperState } from '../brokers/paper/paper-state.js';
import { fxRatesFromView } from '../brokers/paper/valuation.js';
import type { LoadedConfig } from '../config/load.js';
import { tradableInstruments } from '../cycle/instruments.js';
import { barsFromColumns } from '../data/columnar/columnar-bars.js';
import type { ColumnarCacheOptions } from '../data/columnar/columnar-cache.js';
import { loadColumnarFolder } from '../data/columnar/columnar-folder.js';
import { InMemoryMarketData } from '../data/in-memory-market-data.js';
import type { OrderIntent } from '../domain/order.js';
import { createStrategy } from '../strategy/create-strategy.js';
import { backtestCycle } from './backtest-cycle.js';
import { backtestBrokerConfig, BacktestSetupError, calendarFunctions, seriesAt, type BacktestWorld } from './backtest-world.js';
import type { BacktestOrder, BacktestResult, EquityPoint } from './results.js';
import { rebalanceTimes, sessionMarks, type Rebalance } from './schedule.js';

export interface ConfigBacktestOptions extends ColumnarCacheOptions {
  readonly config: LoadedConfig;
  /** First and last trading date, YYYY-MM-DD, both included. */
  readonly fromDate: string;
  readonly toDate: string;
  readonly rebalance: Rebalance;
  /** Default: the config's dataDir. */
  readonly dataDir?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

type Event = { readonly time: number; readonly kind: 'trigger' | 'mark' | 'place'; readonly intent?: OrderIntent };

/** A run id like newRunId's, with a fixed suffix so that a backtest is repeatable. */
export function backtestRunId(time: number): string {
  return `r-${new Date(time).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}-0000`;
}

/**
 * Backtests the configured strategy: the cycle of backtest-cycle.ts at every rebalance time on
 * the paper matching engine, the account marked at every session close. Everything stays in
 * memory until the result is returned.
 */
export async function runConfigBacktest(options: ConfigBacktestOptions): Promise<BacktestResult> {
  const { config } = options;
  const strategy = createStrategy(config.strategy);
  if (!strategy) throw new BacktestSetupError('strategy.kind external: a backtest needs a built-in strategy (fixed or inverse-vol), or use --compat backtrader');
  const symbols = config.instruments.map((i) => i.symbol);
  const folder = loadColumnarFolder(options.dataDir ?? config.dataPath, symbols, options);
  const marketData = new InMemoryMarketData(new Map(symbols.map((s) => [s, barsFromColumns(folder.series.get(s)!)])));
  const tradable = tradableInstruments(config);
  const calendar = getCalendar(tradable[0]?.exchange ?? 'XNYS');
  const triggers = rebalanceTimes(calendar, options.fromDate, options.toDate, options.rebalance);
  const marks = sessionMarks(calendar, options.fromDate, options.toDate);
  if (marks.length === 0) throw new BacktestSetupError(`no ${calendar.mic} session from ${options.fromDate} to ${options.toDate}`);

  const brokerConfig = backtestBrokerConfig(config);
  const events: Event[] = [...triggers.map((time): Event => ({ time, kind: 'trigger' })), ...marks.map(({ time }): Event => ({ time, kind: 'mark' }))].sort((a, b) => a.time - b.time);
  const engine = new PaperMatchingEngine({ config: brokerConfig, baseCurrency: config.account.baseCurrency, instruments: config.instruments, state: newPaperState(brokerConfig.initialCash, events[0]!.time) });
  const world: BacktestWorld = { config, engine, brokerConfig, marketData, strategy, tradable, symbols, dayStart: new Map(), ...calendarFunctions(config) };
  const nextOpen = config.backtest.fillModel === 'next-open-market';
  const marketOrderIds = new Set<string>();
  const referencePrices = new Map<string, number>();
  const equity: EquityPoint[] = [];
  const problems: string[] = [];
  const initialEquity = engine.value(new BarsMarketView(await seriesAt(world, events[0]!.time), events[0]!.time)).nlv;

  for (let i = 0; i < events.length; i += 1) {
    const event = events[i]!;
    options.onProgress?.(i, events.length);
    if (event.kind === 'trigger') {
      const outcome = await backtestCycle(world, event.time, backtestRunId(event.time), !nextOpen);
      for (const intent of outcome.approved) referencePrices.set(intent.tag, intent.referencePrice);
      if (outcome.problem) problems.push(`${new Date(event.time).toISOString()} ${outcome.problem}`);
      if (nextOpen) insertPlacements(events, i, await placementsAtNextOpen(world, outcome.approved, event.time));
    } else {
      const series = await seriesAt(world, event.time);
      engine.advance(series, event.time);
      const view = new BarsMarketView(series, event.time);
      if (event.kind === 'place') {
        const placed = placeAtOpen(world, event.intent!, view);
        if (placed) marketOrderIds.add(placed);
      } else {
        const nlv = engine.value(view).nlv;
        equity.push({ time: event.time, equity: nlv });
      }
    }
  }
  options.onProgress?.(events.length, events.length);

  const fillFxRates = await fxRatesOfFills(world);
  const orders = engine.state.orders.map((o): BacktestOrder => ({ time: o.placedAt, tag: o.tag, symbol: o.symbol, side: o.side, quantity: o.quantity, type: marketOrderIds.has(o.id) ? 'market' : 'limit', ...(marketOrderIds.has(o.id) ? {} : { limitPrice: o.limit }), filledQuantity: o.filled, status: o.status }));
  return {
    mode: 'config',
    from: events[0]!.time,
    to: events[events.length - 1]!.time,
    bars: Math.max(...symbols.map((s) => folder.series.get(s)!.time.length)),
    symbols,
    initialEquity,
    finalEquity: equity[equity.length - 1]?.equity ?? initialEquity,
    equity,
    orders,
    fills: engine.state.fills.map((f) => ({ ...f })),
    baseCurrency: config.account.baseCurrency,
    referencePriceOf: (fill) => referencePrices.get(fill.tag),
    fxRateOf: (fill) => fillFxRates.get(fill.execId),
    problems,
  };
}

/** The base-currency value of each foreign fill's currency, from the FX pairs known at its time. */
async function fxRatesOfFills(world: BacktestWorld): Promise<Map<string, number>> {
  const base = world.config.account.baseCurrency;
  const rates = new Map<string, number>();
  for (const fill of world.engine.state.fills) {
    if (fill.currency === base) continue;
    const view = new BarsMarketView(await seriesAt(world, fill.time), fill.time);
    rates.set(fill.execId, fxRatesFromView(base, world.engine.instruments.values(), view, [fill.currency]).toBase(1, fill.currency));
  }
  return rates;
}

/** Each approved order goes out at the start of its symbol's next bar; sells keep their lead. */
async function placementsAtNextOpen(world: BacktestWorld, approved: readonly OrderIntent[], now: number): Promise<Event[]> {
  const placements: Event[] = [];
  for (const intent of approved) {
    const all = await world.marketData.bars(intent.symbol, Number.POSITIVE_INFINITY);
    const next = all.find((bar) => bar.time > now);
    if (next) placements.push({ time: next.time, kind: 'place', intent });
  }
  return placements;
}

/** Inserts events after position `i`, keeping time order and, at equal times, their given order. */
function insertPlacements(events: Event[], i: number, placements: readonly Event[]): void {
  for (const placement of placements) {
    let at = i + 1;
    while (at < events.length && events[at]!.time <= placement.time) at += 1;
    events.splice(at, 0, placement);
  }
}

/**
 * A market order at the bar's open, through the paper engine: a limit at the touch of the
 * quote around the open, which the engine fills at once up to its volume cap, with its
 * commission and buying-power rules. What it cannot fill is cancelled by the next run.
 */
function placeAtOpen(world: BacktestWorld, intent: OrderIntent, view: BarsMarketView): string | undefined {
  const instrument = world.engine.instruments.get(intent.symbol);
  const known = view.price(intent.symbol);
  if (!instrument || !known) return undefined;
  const quote = paperQuote(instrument, known, world.brokerConfig.spreadBps);
  return world.engine.place({ ...intent, limitPrice: intent.side === 'BUY' ? quote.ask : quote.bid }, view).id;
}
