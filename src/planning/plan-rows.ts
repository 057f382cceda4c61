import type { Instrument } from '../domain/instrument.js';
import type { FxRates } from '../domain/money.js';
import type { PlanAction, PlanLine } from './plan-types.js';
import { valueInBase } from './size-line.js';

/** One instrument of a plan as the owner reads it: where it should be, where it is, and the trade between. */
export interface PlanRow {
  readonly symbol: string;
  /** Target value / NLV: the forecast's weight times its leverage. */
  readonly targetWeight: number;
  /** Value held when the plan was made / NLV. */
  readonly currentWeight: number;
  readonly action: PlanAction;
  /** Units to trade, ≥ 0; 0 for NONE. */
  readonly quantity: number;
  /** In the instrument currency; 0 for NONE. */
  readonly limitPrice: number;
  /** The trade's value at its limit in the base currency, positive for a buy and negative for a sell; 0 for NONE. */
  readonly tradeValue: number;
  /** Why nothing is traded, or why the trade was changed or held back. */
  readonly reason?: string;
}

export interface PlanRowContext {
  readonly nlv: number;
  readonly leverage: number;
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly fx: FxRates;
}

/** The plan's lines with weights and trade values, the table of `run --dry-run`, status and the digest. */
export function planRows(lines: readonly PlanLine[], context: PlanRowContext): PlanRow[] {
  const rows: PlanRow[] = [];
  // One loop and no function per line: a backtest makes a row per instrument at every run.
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const instrument = context.instruments.get(line.symbol);
    const sign = line.action === 'SELL' ? -1 : 1;
    const targetWeight = line.targetWeight * context.leverage;
    const currentWeight = line.currentQuantity === 0 ? 0 : lineValue(instrument, line.currentQuantity, line.referencePrice, context.fx) / context.nlv;
    const tradeValue = line.action === 'NONE' ? 0 : sign * lineValue(instrument, line.quantity, line.limitPrice, context.fx);
    // The reason in the literal rather than added after: a field added to a made object goes
    // to a store of its own, allocated per row.
    rows.push(
      line.reason
        ? { symbol: line.symbol, targetWeight, currentWeight, action: line.action, quantity: line.quantity, limitPrice: line.limitPrice, tradeValue, reason: line.reason }
        : { symbol: line.symbol, targetWeight, currentWeight, action: line.action, quantity: line.quantity, limitPrice: line.limitPrice, tradeValue },
    );
  }
  return rows;
}

function lineValue(instrument: Instrument | undefined, quantity: number, price: number, fx: FxRates): number {
  return instrument ? valueInBase(instrument, quantity, price, fx) : Number.NaN;
}
