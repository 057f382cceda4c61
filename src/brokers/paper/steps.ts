// Prices and quantities arrive as binary floats (100.01 / 0.01 = 10000.999…), so comparisons
// against a tick or lot grid allow a relative tolerance far below one step.
const TOLERANCE = 1e-9;

function slack(ratio: number): number {
  return TOLERANCE * Math.max(1, Math.abs(ratio));
}

/** Digits after the decimal point that a multiple of `step` needs (0.01 → 2, 0.005 → 3, 25 → 0). */
export function stepDecimals(step: number): number {
  for (let digits = 0; digits < 12; digits++) {
    const scaled = step * 10 ** digits;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6) return digits;
  }
  return 12;
}

function onGrid(count: number, step: number): number {
  return Number((count * step).toFixed(stepDecimals(step)));
}

/** True when `value` is a positive whole multiple of `step` (1×, 2×, …), within float noise. */
export function isPositiveMultiple(value: number, step: number): boolean {
  if (!Number.isFinite(value) || !(step > 0)) return false;
  const ratio = value / step;
  const count = Math.round(ratio);
  return count >= 1 && Math.abs(ratio - count) <= slack(ratio);
}

/** The largest multiple of `step` at or below `value`, printed cleanly (99.99, not 99.98999…). */
export function roundDownToStep(value: number, step: number): number {
  const ratio = value / step;
  return onGrid(Math.floor(ratio + slack(ratio)), step);
}

/** The smallest multiple of `step` at or above `value`. */
export function roundUpToStep(value: number, step: number): number {
  const ratio = value / step;
  return onGrid(Math.ceil(ratio - slack(ratio)), step);
}
