import { BarsMarketView, paperQuote } from '../brokers/paper/market-view.js';
import { instrumentCurrencies } from '../cycle/instruments.js';
import type { AccountSnapshot } from '../domain/account.js';
import type { Quote } from '../domain/bar.js';
import type { Forecast } from '../domain/forecast.js';
import { roundMoney, type FxRates } from '../domain/money.js';
import { parseOrderTag, type OrderIntent } from '../domain/order.js';
import { planOrders } from '../planning/plan-orders.js';
import { evaluateRisk } from '../risk/evaluate-risk.js';
import { fxRatesFromView, noDataError } from '../brokers/paper/valuation.js';
import { formatForecastCsv } from '../strategy/forecast-csv.js';
import { forecastFormat } from '../strategy/forecast-format.js';
import { formatForecastJson } from '../strategy/forecast-json.js';
import { parseForecast } from '../strategy/read-forecast.js';
import { seriesAt, type BacktestWorld } from './backtest-world.js';

export interface BacktestCycleOutcome {
  /** Orders the risk gate let through, sells first: sent now (paper-limit) or at the next open. */
  readonly approved: readonly OrderIntent[];
  /** Why nothing was sent: the failing step and its message. */
  readonly problem?: string;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * One trade run of src/cycle/run-cycle.ts on the in-memory paper engine, step for step and with
 * the same functions: match the bars since the last call, cancel autofolio's open orders, make
 * the forecast (and put it through the forecast file's text format and checks, in memory),
 * read the account, plan, gate, send sells then buys. What the real cycle only records (journal,
 * files, database, e-mail) is left out. Any failing step leaves an error flag that makes the
 * gate refuse, so the cycle stops there with nothing sent, as the real one does.
 */
export async function backtestCycle(world: BacktestWorld, now: number, runId: string, send: boolean): Promise<BacktestCycleOutcome> {
  const { engine, config } = world;
  const series = await seriesAt(world, now);
  engine.advance(series, now);
  for (const order of [...engine.workingOrders()]) if (parseOrderTag(order.tag)) engine.cancel(order.id);
  const view = new BarsMarketView(series, now);

  let made: Forecast | undefined;
  let failure: string | undefined;
  try {
    made = await world.strategy.forecast({ now, instruments: world.tradable, bars: (symbol) => world.marketData.bars(symbol, now) });
  } catch (error) {
    failure = `generate-forecast: ${message(error)}`;
  }
  // The account is read even after a failed forecast: its first reading of the day is the
  // start-of-day NLV of the daily-loss breaker, in the real cycle too.
  let account: AccountSnapshot;
  let fx: FxRates;
  let quotes: Map<string, Quote>;
  try {
    ({ account, fx, quotes } = readAccount(world, view));
  } catch (error) {
    return { approved: [], problem: failure ?? `read-account: ${message(error)}` };
  }
  if (failure || !made) return { approved: [], problem: failure };

  try {
    const file = config.forecast.file;
    const format = forecastFormat(file);
    const forecast = parseForecast(format === 'csv' ? formatForecastCsv(made) : formatForecastJson(made), file, {
      knownSymbols: new Set(world.tradable.map((i) => i.symbol)),
      allowShort: config.risk.allowShort,
      maxGrossLeverage: config.risk.maxGrossLeverage,
      now,
      maxAgeMs: config.forecast.maxAgeMinutes * 60_000,
    }, format);
    const plan = planOrders({ runId, forecast, account, instruments: world.tradable, quotes, fx, params: config.planning });
    const date = world.sessionAt(now)?.date ?? new Date(now).toISOString().slice(0, 10);
    const startOfDayNlv = world.dayStart.get(date);
    const verdict = evaluateRisk({
      orders: plan.orders,
      account,
      instruments: world.tradable,
      quotes,
      fx,
      now,
      limits: config.risk,
      isMarketOpen: world.isMarketOpen,
      killSwitch: { halted: false },
      ...(startOfDayNlv !== undefined ? { startOfDayNlv } : {}),
      errorFlags: [],
    });
    if (!verdict.allowed) return { approved: [], problem: `risk-gate: ${verdict.reasons.map((r) => r.message).join('; ')}` };
    if (send) {
      // Each placement sees the view of its own broker call; the clock has not moved, so it is this one.
      for (const order of plan.orders) engine.place(order, view);
    }
    return { approved: plan.orders };
  } catch (error) {
    return { approved: [], problem: message(error) };
  }
}

/** What PaperBroker.account(), fxRates() and quotes() answer, and the day's first NLV. */
function readAccount(world: BacktestWorld, view: BarsMarketView): { account: AccountSnapshot; fx: FxRates; quotes: Map<string, Quote> } {
  const { engine, config } = world;
  const base = config.account.baseCurrency;
  const valuation = engine.value(view);
  const account: AccountSnapshot = {
    accountId: config.account.id,
    baseCurrency: base,
    netLiquidation: roundMoney(valuation.nlv, base),
    cash: valuation.cash,
    positions: engine.state.positions.map((position) => ({ ...position })),
  };
  const fx = fxRatesFromView(base, engine.instruments.values(), view, instrumentCurrencies(config));
  const quotes = new Map<string, Quote>();
  for (const instrument of world.tradable) {
    const known = view.price(instrument.symbol);
    if (!known) throw noDataError(instrument.symbol, view.now);
    quotes.set(instrument.symbol, paperQuote(instrument, known, world.brokerConfig.spreadBps));
  }
  const date = world.sessionAt(view.now)?.date ?? new Date(view.now).toISOString().slice(0, 10);
  if (!world.dayStart.has(date)) world.dayStart.set(date, account.netLiquidation);
  return { account, fx, quotes };
}
