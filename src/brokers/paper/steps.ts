import { isMultipleOf, roundToTick } from '../../domain/rounding.js';

export { stepDecimals } from '../../domain/rounding.js';

// The paper broker checks and makes prices and quantities on the same grid as the planner,
// with the same float-noise rules (domain/rounding.ts).

/** True when `value` is a positive whole multiple of `step` (1×, 2×, …), within float noise. */
export function isPositiveMultiple(value: number, step: number): boolean {
  if (!Number.isFinite(value) || !(step > 0)) return false;
  return value / step >= 0.5 && isMultipleOf(value, step);
}

/** The largest multiple of `step` at or below `value`, printed cleanly (99.99, not 99.98999…). */
export function roundDownToStep(value: number, step: number): number {
  return roundToTick(value, step, 'down');
}

/** The smallest multiple of `step` at or above `value`. */
export function roundUpToStep(value: number, step: number): number {
  return roundToTick(value, step, 'up');
}
