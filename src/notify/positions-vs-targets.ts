import type { RecordedPlan } from '../cycle/journal.js';
import type { Snapshot } from '../domain/snapshot.js';
import { formatPercent, formatPrice, formatQuantity, formatSignedMoney, formatSignedPercent, formatZoned } from './format.js';
import type { Column } from './text-table.js';
import { byCodeUnits } from '../domain/code-unit-order.js';

/** One instrument held or targeted: where it should be, where it is, the trade planned, its P&L. */
export interface PositionTarget {
  readonly symbol: string;
  /** Quantity in the snapshot; 0 when not held. */
  readonly quantity: number;
  /** The latest plan's target weight; undefined when that plan does not name the instrument. */
  readonly targetWeight?: number;
  /** Weight in the snapshot; 0 when not held. */
  readonly weight: number;
  /** weight − target weight. */
  readonly drift?: number;
  /** The planned trade ("BUY 25 @ 400.40"), or why there is none. */
  readonly trade: string;
  /** Unrealised P&L in the base currency: market value less cost; 0 when not held. */
  readonly unrealizedPnl: number;
}

/**
 * Positions against the targets of the latest plan: every instrument the snapshot holds or the
 * plan targets (lines with neither are left out), largest target or weight first.
 */
export function positionsAgainstTargets(snapshot: Snapshot | undefined, plan: RecordedPlan | undefined): PositionTarget[] {
  const held = new Map((snapshot?.positions ?? []).map((p) => [p.symbol, p]));
  const planned = new Map((plan?.rows ?? []).map((row) => [row.symbol, row]));
  const symbols = new Set([...held.keys(), ...[...planned.values()].filter((row) => row.targetWeight !== 0 || row.action !== 'NONE').map((row) => row.symbol)]);
  const rows = [...symbols].map((symbol): PositionTarget => {
    const position = held.get(symbol);
    const row = planned.get(symbol);
    const weight = position?.weight ?? 0;
    // The base-currency value of one unit of price (FX rate × multiplier) is what the snapshot's own
    // market value implies, so cost is converted the way the position is valued.
    const unitToBase = position && position.quantity * position.price !== 0 ? position.marketValue / (position.quantity * position.price) : 0;
    const unrealizedPnl = position ? position.marketValue - position.avgCost * position.quantity * unitToBase : 0;
    let trade = plan ? 'not in the plan' : 'no plan yet';
    if (row) trade = row.action === 'NONE' ? tradeReason(row.reason) : `${row.action} ${formatQuantity(row.quantity)} @ ${formatPrice(row.limitPrice)}`;
    return { symbol, quantity: position?.quantity ?? 0, ...(row ? { targetWeight: row.targetWeight, drift: weight - row.targetWeight } : {}), weight, trade, unrealizedPnl };
  });
  const size = (r: PositionTarget): number => Math.max(Math.abs(r.targetWeight ?? 0), Math.abs(r.weight));
  return rows.sort((a, b) => size(b) - size(a) || byCodeUnits(a.symbol, b.symbol));
}

// A line left alone says why in a few words; a held trade keeps its whole reason, as nothing else says it was held.
function tradeReason(reason: string | undefined): string {
  if (!reason) return 'none';
  if (reason.startsWith('held: ')) return reason;
  if (reason.startsWith('within no-trade band')) return 'none: within the no-trade band';
  if (reason.startsWith('below minimum order value')) return 'none: below the minimum order value';
  if (reason === 'at target') return 'none: at target';
  return `none: ${reason}`;
}

export function positionTargetColumns(baseCurrency: string): readonly Column[] {
  return [
    { header: 'Symbol' },
    { header: 'Target', align: 'right' },
    { header: 'Now', align: 'right' },
    { header: 'Drift', align: 'right' },
    { header: 'Planned trade' },
    { header: `Unrealised P&L (${baseCurrency})`, align: 'right' },
  ];
}

export function positionTargetCells(row: PositionTarget): string[] {
  return [
    row.symbol,
    row.targetWeight === undefined ? '-' : formatPercent(row.targetWeight),
    formatPercent(row.weight),
    row.drift === undefined ? '-' : formatSignedPercent(row.drift),
    row.trade,
    row.unrealizedPnl === 0 ? '-' : formatSignedMoney(row.unrealizedPnl),
  ];
}

/** Which plan the targets come from, said above the table. */
export function planCaption(plan: RecordedPlan | undefined, timeZone: string | undefined): string {
  if (!plan) return 'No plan has been made yet: targets appear after the first run.';
  return `Targets and trades of run ${plan.runId}, planned ${formatZoned(plan.at, timeZone)}${plan.dryRun ? ' (a dry run: nothing was sent)' : ''}.`;
}

