/**
 * Rounding of prices to ticks and quantities to lots.
 *
 * Binary floating point cannot hold most decimal ticks exactly: 100.15 / 0.01 is
 * 10014.999999999998, and a plain Math.floor would wrongly drop a whole tick. So a ratio
 * that lies within float noise of a whole number is taken as that whole number before
 * rounding, and the result is printed back to the step's own decimals so that it reads
 * cleanly (100.15, not 100.15000000000001). The noise of a division is about 1e-16 of the
 * ratio, so the tolerance is 1e-12 of the ratio (at least 1e-9 of a step): a tolerance of a
 * fixed share of a step would, for large ratios (3657.9682963 / 0.0001), snap a price that
 * is truly below a tick up onto it.
 */

export type TickDirection = 'down' | 'up' | 'nearest';

const SNAP_TOLERANCE = 1e-9;
const RELATIVE_NOISE = 1e-12;

/** How far from a whole number a ratio may be and still be taken as that number. */
function snapTolerance(ratio: number): number {
  return Math.max(SNAP_TOLERANCE, RELATIVE_NOISE * Math.abs(ratio));
}
const MAX_DECIMALS = 12;

// A config has a handful of tick and lot sizes; each is measured once.
const decimalsOfStep = new Map<number, number>();
// Callers ask for one step many times running (every quote's tick, every line's lot): the last
// answer is checked before the map, whose look-up of a number key hashes it.
let lastStep = Number.NaN;
let lastDecimals = 0;

/** Number of decimals needed to write `step` (0.01 → 2, 0.005 → 3, 25 → 0), at most 12. */
export function stepDecimals(step: number): number {
  if (step === lastStep) return lastDecimals;
  // A whole step (a lot of 1, a tick of 5) is written without decimals: answered without the
  // map, and without pushing out the last answer, so a planner alternating between its lot of 1
  // and its tick of 0.01 finds the tick there every time.
  if (Number.isInteger(step)) return 0;
  const known = decimalsOfStep.get(step);
  if (known !== undefined) {
    lastStep = step;
    lastDecimals = known;
    return known;
  }
  let found = MAX_DECIMALS;
  for (let digits = 0; digits < MAX_DECIMALS; digits += 1) {
    const scaled = step * 10 ** digits;
    if (Math.abs(scaled - Math.round(scaled)) <= SNAP_TOLERANCE * Math.max(1, Math.abs(scaled))) {
      found = digits;
      break;
    }
  }
  decimalsOfStep.set(step, found);
  return found;
}

/** How many whole steps `value` is, after removing float noise. */
function stepsIn(value: number, step: number): number {
  const ratio = value / step;
  const nearest = Math.round(ratio);
  return Math.abs(ratio - nearest) <= snapTolerance(ratio) ? nearest : ratio;
}

function assertStep(step: number, what: string): void {
  if (!(step > 0) || !Number.isFinite(step)) throw new RangeError(`${what} must be a positive number, got ${step}`);
}

function multipleOf(steps: number, step: number): number {
  // step = k / 10^d exactly, so the multiple is the integer steps × k over 10^d: one correctly
  // rounded division gives the double nearest to the decimal, as printing steps × step to d
  // decimals and reading it back would, without a string. `+ 0` turns a -0 into 0.
  const scale = 10 ** stepDecimals(step);
  return (steps * Math.round(step * scale)) / scale + 0;
}

/**
 * Rounds a price to a whole multiple of `tick`. Buys round 'down' and sells round 'up' so
 * that the rounded limit never pays more, or accepts less, than the cap that was computed.
 */
export function roundToTick(price: number, tick: number, direction: TickDirection): number {
  assertStep(tick, 'tick size');
  if (!Number.isFinite(price)) throw new RangeError(`price must be finite, got ${price}`);
  const steps = stepsIn(price, tick);
  const whole = direction === 'down' ? Math.floor(steps) : direction === 'up' ? Math.ceil(steps) : Math.round(steps);
  return multipleOf(whole, tick);
}

/**
 * Rounds a signed quantity to whole lots toward zero, so that rounding never adds exposure
 * in either direction.
 */
export function roundToLot(quantity: number, lot: number): number {
  assertStep(lot, 'lot size');
  if (!Number.isFinite(quantity)) throw new RangeError(`quantity must be finite, got ${quantity}`);
  return multipleOf(Math.trunc(stepsIn(quantity, lot)), lot);
}

/** True when `value` is a whole multiple of `step` within a relative 1e-9. */
export function isMultipleOf(value: number, step: number): boolean {
  const ratio = value / step;
  return Math.abs(ratio - Math.round(ratio)) <= snapTolerance(ratio);
}
