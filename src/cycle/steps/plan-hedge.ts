import type { LoadedConfig } from '../../config/load.js';
import type { AccountSnapshot } from '../../domain/account.js';
import type { Quote } from '../../domain/bar.js';
import type { Instrument } from '../../domain/instrument.js';
import type { FxRates } from '../../domain/money.js';
import { fxHedgeLines, hasForeignCurrency, planFxHedge } from '../../planning/plan-fx-hedge.js';
import type { Plan } from '../../planning/plan-types.js';
import { fxPairs, tradableInstruments } from '../instruments.js';

export interface HedgeContext {
  readonly config: LoadedConfig;
  readonly account: AccountSnapshot;
  readonly quotes: ReadonlyMap<string, Quote>;
  readonly fx: FxRates;
  readonly isMarketOpen: (instrument: Instrument, time: number) => boolean;
  readonly now: number;
}

/**
 * The plan with its FX trades (fxHedge in the config) after the stock orders: part of the
 * plan-orders step, so the order file, the risk gate and the send step see one plan. An account
 * in its base currency alone plans nothing here and pays nothing for it.
 */
export function planHedge(plan: Plan, ctx: HedgeContext): Plan {
  const { config } = ctx;
  const pairs = fxPairs(config);
  if (pairs.length === 0) return plan;
  const instruments = new Map(tradableInstruments(config).map((i) => [i.symbol, i]));
  const policy = config.fxHedge;
  if (!hasForeignCurrency({ account: ctx.account, instruments, fx: ctx.fx, policy })) return plan;
  const hedge = planFxHedge({ runId: plan.runId, account: ctx.account, instruments, pairs, quotes: ctx.quotes, fx: ctx.fx, orders: plan.orders, policy, limitOffsetBps: config.planning.limitOffsetBps });
  const notes = hedge.lines.flatMap((line) => (line.reason && !line.order && !line.reason.startsWith('within band') ? [`${line.currency}: ${line.reason}`] : []));
  // An FX market closed now (a weekend) holds the trade back like a stock's, unless the config blocks the run instead.
  const open = hedge.orders.filter((order) => {
    const pair = pairs.find((p) => p.symbol === order.symbol)!;
    if (config.risk.closedMarket === 'block-run' || ctx.isMarketOpen(pair, ctx.now)) return true;
    notes.push(`held: ${order.side} ${order.quantity} ${order.symbol} @ ${order.limitPrice} not sent, market ${pair.exchange} is closed`);
    return false;
  });
  const lines = fxHedgeLines({ ...hedge, lines: hedge.lines.filter((line) => line.order && open.includes(line.order)) }, ctx.fx.base);
  return { ...plan, lines: [...plan.lines, ...lines], orders: [...plan.orders, ...open], notes: [...plan.notes, ...notes] };
}
