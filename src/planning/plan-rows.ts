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
    rows.push(
      line.reason
        ? new RowWithReason(line.symbol, targetWeight, currentWeight, line.action, line.quantity, line.limitPrice, tradeValue, line.reason)
        : new Row(line.symbol, targetWeight, currentWeight, line.action, line.quantity, line.limitPrice, tradeValue),
    );
  }
  return rows;
}

// Classes rather than object literals: V8 tracks where a literal's objects are made and,
// seeing a plan's rows kept, switched that site to old-space allocation mid-run, throwing away
// planRows' code. Objects made by a constructor carry no such site. The fields are PlanRow's, in
// its order, as JSON writes them; a row with a reason is a subclass, made with its field, rather than a row
// given one after, since a field added to a made object goes to a store of its own, allocated per row.
class Row implements PlanRow {
  constructor(
    readonly symbol: string,
    readonly targetWeight: number,
    readonly currentWeight: number,
    readonly action: PlanAction,
    readonly quantity: number,
    readonly limitPrice: number,
    readonly tradeValue: number,
  ) {}
}

class RowWithReason extends Row {
  readonly reason: string;

  constructor(symbol: string, targetWeight: number, currentWeight: number, action: PlanAction, quantity: number, limitPrice: number, tradeValue: number, reason: string) {
    super(symbol, targetWeight, currentWeight, action, quantity, limitPrice, tradeValue);
    this.reason = reason;
  }
}

function lineValue(instrument: Instrument | undefined, quantity: number, price: number, fx: FxRates): number {
  return instrument ? valueInBase(instrument, quantity, price, fx) : Number.NaN;
}
