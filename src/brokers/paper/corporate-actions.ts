import { effectiveTime } from '../../data/adjusted-series.js';
import type { BarWindow } from '../../data/bar-series.js';
import { dividendAmounts, splitQuantityChange, type CorporateAction } from '../../domain/corporate-action.js';
import type { Instrument } from '../../domain/instrument.js';
import type { PaperOrder, PaperState } from './paper-state.js';

/** An action of one instrument, as the paper broker keeps the actions of all of them: in ex-date order. */
export interface SymbolAction {
  readonly symbol: string;
  readonly action: CorporateAction;
}

/** An action whose ex-date's first bar has started: `time` is that bar's start. */
export interface DueAction extends SymbolAction {
  readonly time: number;
}

/** Every instrument's actions in one list, ordered by ex-date (then symbol, for a fixed order). */
export function symbolActions(bySymbol: ReadonlyMap<string, readonly CorporateAction[]>): SymbolAction[] {
  const all = [...bySymbol].flatMap(([symbol, actions]) => actions.map((action) => ({ symbol, action })));
  return all.sort((a, b) => a.action.time - b.action.time || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

/**
 * The actions that take effect after `since` and by `now`, in the order they take effect.
 * `cursor.next` skips the actions settled by earlier calls (the clock only moves forward between
 * them), so a backtest that calls at every bar looks at the few actions near its clock only.
 */
export function dueActions(actions: readonly SymbolAction[], series: ReadonlyMap<string, BarWindow>, since: number, now: number, cursor: { next: number }): DueAction[] {
  const due: DueAction[] = [];
  let settled = true;
  for (let i = cursor.next; i < actions.length; i++) {
    const { symbol, action } = actions[i]!;
    // No bar of the ex-date can have started before its midnight.
    if (action.time > now) break;
    const window = series.get(symbol);
    const time = window ? effectiveTime(window, action) : undefined;
    if (time === undefined || time > now) {
      settled = false;
      continue;
    }
    if (time > since) due.push({ symbol, action, time });
    if (settled) cursor.next = i + 1;
  }
  return due.sort((a, b) => a.time - b.time);
}

/**
 * A working order through a split, as brokers adjust them: what remains to fill becomes more
 * shares at a lower limit, the same value. What filled before stays as it was reported, so that
 * the order's filled quantity remains the sum of its executions (which a run checks it against).
 */
export function splitOrder(order: PaperOrder, ratio: number): void {
  const remaining = order.quantity - order.filled;
  order.quantity = Number((order.filled + remaining * ratio).toPrecision(12));
  order.limit = order.limit / ratio;
}

/**
 * Books an action on the account: a split multiplies the position by its ratio and divides its
 * average cost by it (its cost and value stay the same); a dividend pays the holder the amount
 * per share less `withholdingPct`, or charges a short seller the full amount.
 */
export function applyActionToAccount(state: PaperState, instrument: Instrument, action: CorporateAction, withholdingPct: number): void {
  const index = state.positions.findIndex((position) => position.symbol === instrument.symbol);
  const position = state.positions[index];
  if (!position || position.quantity === 0) return;
  if (action.kind === 'split') {
    state.positions[index] = { ...position, quantity: position.quantity + splitQuantityChange(position.quantity, action.value), avgCost: position.avgCost / action.value };
    return;
  }
  const { grossMinor, withheldMinor } = dividendAmounts(position.quantity, action.value, instrument.multiplier, withholdingPct, instrument.currency);
  const change = position.quantity > 0 ? grossMinor - withheldMinor : -grossMinor;
  state.cash[instrument.currency] = (state.cash[instrument.currency] ?? 0) + change;
}
