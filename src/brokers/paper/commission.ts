import type { CommissionConfig, FxCommissionConfig } from '../../config/schema.js';
import { toMinor, type Currency } from '../../domain/money.js';

/** What an order has filled so far: quantity and Σ quantity × price × multiplier. */
export interface FilledSoFar {
  readonly quantity: number;
  readonly value: number;
}

/**
 * IB's fixed-rate commission for one order that has filled `quantity` worth `value`:
 * per share, at least the minimum, at most a percentage of the value. Nothing filled costs nothing.
 */
export function commissionTotal(config: CommissionConfig, quantity: number, value: number): number {
  if (!(quantity > 0)) return 0;
  const perShare = Math.max(config.minimum, config.perShare * quantity);
  return Math.min(perShare, (config.maximumPctOfValue / 100) * Math.abs(value));
}

/**
 * Commission of one fill in minor units: the order's total after it less the total before it,
 * each rounded to the minor unit, so the charges of partial fills add up to exactly what one
 * fill of the whole order would pay (the minimum is charged once, not per fill).
 */
export function fillCommissionMinor(config: CommissionConfig, currency: Currency, before: FilledSoFar, after: FilledSoFar, total: (config: CommissionConfig, quantity: number, value: number) => number = commissionTotal): number {
  return toMinor(total(config, after.quantity, after.value), currency) - toMinor(total(config, before.quantity, before.value), currency);
}

/**
 * fillCommissionMinor of a stock or option fill, from the order's filled quantity and value
 * before and after it as plain numbers: the engine books one per fill, and two records made
 * per fill only to be read here were garbage at every fill.
 */
export function fillCommissionMinorOf(config: CommissionConfig, currency: Currency, quantityBefore: number, valueBefore: number, quantityAfter: number, valueAfter: number): number {
  return toMinor(commissionTotal(config, quantityAfter, valueAfter), currency) - toMinor(commissionTotal(config, quantityBefore, valueBefore), currency);
}

/** fillCommissionMinorOf of an FX conversion, charged by fxCommissionTotal. */
export function fxFillCommissionMinorOf(config: FxCommissionConfig, currency: Currency, quantityBefore: number, valueBefore: number, quantityAfter: number, valueAfter: number): number {
  return toMinor(fxCommissionTotal(config, quantityAfter, valueAfter), currency) - toMinor(fxCommissionTotal(config, quantityBefore, valueBefore), currency);
}

/** IB's commission of an FX conversion: basis points of the value, at least the minimum; nothing filled costs nothing. */
export function fxCommissionTotal(config: FxCommissionConfig, quantity: number, value: number): number {
  if (!(quantity > 0)) return 0;
  return Math.max(config.minimum, (config.bps / 10_000) * Math.abs(value));
}
