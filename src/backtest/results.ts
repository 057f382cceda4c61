import type { HoldingsPoint } from '../analytics/fx-effect.js';
import type { Fill, OrderStatus, Side } from '../domain/order.js';

/** An order a backtest made, as the broker ended up holding it. */
export interface BacktestOrder {
  /** When it was placed, epoch ms UTC. */
  readonly time: number;
  readonly tag: string;
  readonly symbol: string;
  readonly side: Side;
  readonly quantity: number;
  readonly type: 'limit' | 'market';
  /** Limit orders only. */
  readonly limitPrice?: number;
  readonly filledQuantity: number;
  readonly status: OrderStatus;
}

/** One value of the account, marked at `time`. */
export interface EquityPoint {
  readonly time: number;
  readonly equity: number;
  /** Σ |position value| and Σ position value in the base currency, where the runner measured them. */
  readonly gross?: number;
  readonly net?: number;
}

/** The benchmark of `analytics.benchmark`: its last known price at the start and at each mark. */
export interface BacktestBenchmark {
  readonly symbol: string;
  /** At the result's `from`; NaN where the benchmark's data has not begun. */
  readonly start: number;
  /** One per equity point, in the same order. */
  readonly marks: readonly number[];
}

/** Everything a backtest produces; it is written out once, after the loop. */
export interface BacktestResult {
  /** When the backtest starts: the account holds its initial equity, nothing traded yet. */
  readonly from: number;
  readonly to: number;
  readonly bars: number;
  readonly symbols: readonly string[];
  readonly initialEquity: number;
  readonly finalEquity: number;
  readonly equity: readonly EquityPoint[];
  readonly orders: readonly BacktestOrder[];
  readonly fills: readonly Fill[];
  readonly baseCurrency: string;
  readonly benchmark?: BacktestBenchmark;
  /** Each position's weight (value / NLV) after every run, from the run's snapshot. */
  readonly weights: readonly { readonly time: number; readonly weights: Readonly<Record<string, number>> }[];
  /** Holdings, cash and FX rates after the runs, the last of each date; only for an account with something outside its base currency. */
  readonly holdings?: readonly HoldingsPoint[];
  /** The price each fill's order was decided at (the mid quote it was planned at), aligned with `fills`. */
  readonly referencePrices: readonly (number | undefined)[];
  /** Value of one unit of the fill's currency in the base currency; undefined for the base currency. */
  fxRateOf(fill: Fill): number | undefined;
  /** Runs blocked by a safety check or ended by an error, with the reasons. */
  readonly problems: readonly string[];
}
