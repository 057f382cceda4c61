import type { BacktestOrder, BacktestResult, EquityPoint } from '../../src/backtest/results.js';
import type { Fill } from '../../src/domain/order.js';
import type { AlignedPanel } from './aligned-panel.js';

// The oracle for `backtest: { conventions: backtrader }`: backtrader's arithmetic for one
// strategy, written out plainly over aligned columns. It was the product's `--compat
// backtrader` mode, whose figures were checked against backtrader 1.9.78; it now lives only
// here, and the configured pipeline must equal it.

/** What the oracle computes: the figures the pipeline must equal. */
export type OracleResult = Pick<BacktestResult, 'initialEquity' | 'finalEquity' | 'equity' | 'orders' | 'fills'>;

/** The conventions of the oracle; the defaults are the reference run. */
export interface CompatParams {
  /** Returns in the volatility estimate; also the first signal bar. */
  readonly lookback: number;
  /** Bars between signals. */
  readonly every: number;
  /** Sum of the weights. */
  readonly gross: number;
  /** Commission as a fraction of traded value. */
  readonly commissionRate: number;
  readonly cash: number;
}

export const BACKTRADER_DEFAULTS: CompatParams = Object.freeze({ lookback: 60, every: 21, gross: 0.98, commissionRate: 0.0005, cash: 1_000_000 });

export class CompatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompatError';
  }
}

type MutableOrder = { -readonly [K in keyof BacktestOrder]: BacktestOrder[K] };

/**
 * The backtrader comparison mode over columns: at the close of bar t (t ≥ lookback and
 * (t − lookback) a multiple of `every`) weights ∝ 1 / population std of the last `lookback`
 * close-to-close returns, scaled to `gross`; each symbol trades trunc(|w·V − held value| / close)
 * shares, sells before buys, as market orders filled at the open of bar t + 1 with a commission
 * of rate × quantity × price. V and held values are at the close of t. Orders of the last bar
 * have no next open and stay unfilled, as in backtrader.
 *
 * Holdings only change at fills, so the equity of the bars between two fills is summed one
 * symbol at a time, down that symbol's column: walking across 500 columns bar by bar would miss
 * the CPU cache on every read.
 */
export function runBacktraderCompat(panel: AlignedPanel, params: CompatParams = BACKTRADER_DEFAULTS): OracleResult {
  checkParams(params);
  const { symbols, times, open, close } = panel;
  const n = symbols.length;
  const bars = times.length;
  const held = new Float64Array(n);
  const inverse = new Float64Array(n);
  const value = new Float64Array(bars);
  const orders: MutableOrder[] = [];
  const orderSymbol: number[] = [];
  const fills: Fill[] = [];
  let pending: number[] = [];
  let cash = params.cash;
  let valuedUpTo = -1;

  /** Equity at the closes of bars valuedUpTo + 1 … until, with the holdings and cash of now. */
  const valueUntil = (until: number): void => {
    const from = valuedUpTo + 1;
    value.fill(cash, from, until + 1);
    for (let s = 0; s < n; s += 1) {
      const quantity = held[s]!;
      if (quantity === 0) continue;
      const closes = close[s]!;
      for (let t = from; t <= until; t += 1) value[t] = value[t]! + quantity * closes[t]!;
    }
    valuedUpTo = until;
  };

  for (let t = 0; t < bars; t += 1) {
    if (pending.length > 0) {
      valueUntil(t - 1);
      for (const index of pending) {
        const order = orders[index]!;
        const s = orderSymbol[index]!;
        const price = open[s]![t]!;
        const quantity = order.quantity;
        const traded = quantity * price;
        const commission = quantity * params.commissionRate * price;
        cash += order.side === 'BUY' ? -traded - commission : traded - commission;
        held[s] = held[s]! + (order.side === 'BUY' ? quantity : -quantity);
        order.filledQuantity = quantity;
        order.status = 'filled';
        fills.push({ execId: `bt-${fills.length + 1}`, brokerOrderId: String(index + 1), tag: order.tag, symbol: order.symbol, side: order.side, quantity, price, commission, currency: 'USD', time: times[t]! });
      }
      pending = [];
    }
    if (t < params.lookback || (t - params.lookback) % params.every !== 0) continue;
    valueUntil(t);
    const portfolio = value[t]!;
    let total = 0;
    for (let s = 0; s < n; s += 1) {
      const std = populationStdOfReturns(close[s]!, t, params.lookback);
      if (!(std > 0)) throw new CompatError(`${symbols[s]} did not move over the ${params.lookback} bars to ${isoDay(times[t]!)}, so 1/volatility is undefined: check its data`);
      inverse[s] = 1 / std;
      total += inverse[s]!;
    }
    const day = isoDay(times[t]!);
    const sells: number[] = [];
    const buys: number[] = [];
    const quantities = new Float64Array(n);
    for (let s = 0; s < n; s += 1) {
      const price = close[s]![t]!;
      const difference = (inverse[s]! / total) * params.gross * portfolio - held[s]! * price;
      quantities[s] = Math.trunc(Math.abs(difference) / price);
      if (quantities[s] !== 0) (difference < 0 ? sells : buys).push(s);
    }
    for (const [group, side] of [[sells, 'SELL'], [buys, 'BUY']] as const) for (const s of group) {
      orders.push({ time: times[t]!, tag: `bt-${day}:${symbols[s]}`, symbol: symbols[s]!, side, quantity: quantities[s]!, type: 'market', filledQuantity: 0, status: 'submitted' });
      orderSymbol.push(s);
      pending.push(orders.length - 1);
    }
  }
  valueUntil(bars - 1);

  const equity: EquityPoint[] = Array.from(value, (v, t) => ({ time: times[t]!, equity: v }));
  return { initialEquity: params.cash, finalEquity: value[bars - 1]!, equity, orders, fills };
}

/** Population standard deviation of the `count` simple returns of `closes` ending at index `t`. */
export function populationStdOfReturns(closes: Float64Array, t: number, count: number): number {
  let mean = 0;
  for (let k = t - count + 1; k <= t; k += 1) mean += closes[k]! / closes[k - 1]! - 1;
  mean /= count;
  let squares = 0;
  for (let k = t - count + 1; k <= t; k += 1) {
    const deviation = closes[k]! / closes[k - 1]! - 1 - mean;
    squares += deviation * deviation;
  }
  return Math.sqrt(squares / count);
}

function checkParams(p: CompatParams): void {
  if (!Number.isInteger(p.lookback) || p.lookback < 2) throw new CompatError(`lookback must be a whole number ≥ 2, got ${p.lookback}`);
  if (!Number.isInteger(p.every) || p.every < 1) throw new CompatError(`every must be a whole number ≥ 1, got ${p.every}`);
  if (!(p.gross > 0)) throw new CompatError(`gross exposure must be positive, got ${p.gross}`);
  if (!(p.commissionRate >= 0)) throw new CompatError(`commission rate must be ≥ 0, got ${p.commissionRate}`);
  if (!(p.cash > 0)) throw new CompatError(`starting cash must be positive, got ${p.cash}`);
}

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}
