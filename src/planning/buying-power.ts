import type { AccountSnapshot } from '../domain/account.js';
import type { Instrument } from '../domain/instrument.js';
import type { FxRates } from '../domain/money.js';
import type { PlanLine } from './plan-types.js';
import { roundToLot } from '../domain/rounding.js';
import { valueInBase } from './size-line.js';

export interface BuyingPowerInput {
  readonly account: AccountSnapshot;
  readonly lines: readonly PlanLine[];
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly fx: FxRates;
  readonly leverage: number;
  readonly cashBufferPct: number;
}

/** Value in base of a line's order at its limit price. */
export function orderValueAtLimit(line: PlanLine, instrument: Instrument, fx: FxRates): number {
  return valueInBase(instrument, line.quantity, line.limitPrice, fx);
}

/**
 * What the planned buys may spend, in the base currency: all cash converted to base, plus
 * the proceeds of the planned sells at their limits, minus the cash buffer, plus the
 * borrowing that a leverage above 1 implies. May be negative (cash already borrowed).
 */
export function buyingPower(input: BuyingPowerInput): number {
  const { account, fx } = input;
  const nlv = account.netLiquidation;
  let power = 0;
  for (const [currency, amount] of Object.entries(account.cash)) power += fx.toBase(amount, currency);
  // Indexed loops: planning runs once per run, too seldom to be optimised, where for…of makes an iterator result per line.
  const { lines } = input;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.action !== 'SELL') continue;
    power += orderValueAtLimit(line, input.instruments.get(line.symbol)!, fx);
  }
  power -= (input.cashBufferPct / 100) * nlv;
  power += nlv * Math.max(0, input.leverage - 1);
  return power;
}

/** A buy scaled by `factor` and rounded down to lots, or NONE when that leaves nothing worth sending; any other line as it is. */
function scaledBuy(line: PlanLine, factor: number, factorText: string, instruments: ReadonlyMap<string, Instrument>, fx: FxRates, minOrderValue: number): PlanLine {
  if (line.action !== 'BUY') return line;
  const instrument = instruments.get(line.symbol)!;
  const quantity = roundToLot(line.quantity * factor, instrument.lotSize);
  const scaledNote = `buy scaled from ${line.quantity} to ${quantity} for cash (factor ${factorText})`;
  if (quantity <= 0) return { ...line, action: 'NONE', quantity: 0, limitPrice: 0, reason: `${scaledNote}: not enough buying power` };
  const value = valueInBase(instrument, quantity, line.limitPrice, fx);
  if (value < minOrderValue) {
    return { ...line, action: 'NONE', quantity: 0, limitPrice: 0, reason: `${scaledNote}: below minimum order value ${minOrderValue}` };
  }
  return { ...line, quantity, reason: scaledNote };
}

export interface ScaledBuys {
  readonly lines: readonly PlanLine[];
  /** Set when the buys had to be scaled down. */
  readonly note?: string;
}

/**
 * Scales every buy by one factor so that the buys cost no more than the buying power,
 * rounding each down to whole lots. A buy scaled to nothing, or below the minimum order
 * value, becomes NONE: the smaller order would not be sent anyway.
 */
export function fitBuysToCash(input: BuyingPowerInput, minOrderValue: number): ScaledBuys {
  const power = buyingPower(input);
  const { fx, instruments } = input;
  let cost = 0;
  const { lines: planned } = input;
  for (let i = 0; i < planned.length; i++) {
    const line = planned[i]!;
    if (line.action === 'BUY') cost += orderValueAtLimit(line, instruments.get(line.symbol)!, fx);
  }
  if (cost <= power) return { lines: input.lines };

  const factor = Math.max(0, power) / cost;
  // The factor written once, and one plain loop rather than a callback per line (run once per run).
  const factorText = factor.toFixed(4);
  const lines = new Array<PlanLine>(planned.length);
  for (let i = 0; i < planned.length; i++) lines[i] = scaledBuy(planned[i]!, factor, factorText, instruments, fx, minOrderValue);
  const note = `buys cost ${cost.toFixed(2)} ${fx.base} at their limits but buying power is ${power.toFixed(2)}: every buy scaled by ${factor.toFixed(4)}`;
  return { lines, note };
}
