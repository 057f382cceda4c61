/**
 * Decimal numbers as Intl.NumberFormat('en-US', …) writes them, for the option sets messages use,
 * without Intl. Written by hand because creating the first Intl.NumberFormat in a process loads
 * ICU's locale data, which cost about 20 ms: more than half of what `autofolio status` spends on
 * its own work, for a command cron may start every few minutes. The output is proven equal to
 * Intl's by property tests (decimal-format.property.test.ts).
 *
 * Rounding follows ICU's: the number rounded is the shortest decimal that reads back as the same
 * double (what String(x) shows), rounded half away from zero. So 1.005 becomes "1.01", where
 * (1.005).toFixed(2), which rounds the double's exact binary value 1.00499999…, gives "1.00".
 */

export interface DecimalStyle {
  /** Fraction digits always shown (zeros added); 0 unless given. */
  readonly minimumFractionDigits?: number;
  /** Fraction digits at most: the number is rounded there, and trailing zeros beyond the minimum dropped. */
  readonly maximumFractionDigits: number;
  /**
   * When a sign is shown, as Intl's option of that name: 'auto' (the default) a minus for every
   * negative number, -0 included; 'negative' a minus only when the rounded figure is not zero;
   * 'exceptZero' a plus or a minus unless the rounded figure is zero.
   */
  readonly signDisplay?: 'auto' | 'negative' | 'exceptZero';
  /** A ratio shown as a percentage: times 100 (exactly, in decimal) with a "%" after it. */
  readonly percent?: boolean;
}

/** A function that formats numbers in one style, as Intl.NumberFormat's format() would. */
export type DecimalFormat = (value: number) => string;

const ZERO = 48; // '0'
const FIVE = 53; // '5'
const NINE = 57; // '9'

/**
 * The shortest decimal digits of |value| and where its decimal point falls (digits before it),
 * read from toExponential(), which prints the shortest round-trip digits at any magnitude.
 */
function shortestDigits(value: number): { digits: string; point: number } {
  const text = Math.abs(value).toExponential();
  const e = text.indexOf('e');
  const mantissa = text.slice(0, e);
  const digits = mantissa.length > 1 ? mantissa[0] + mantissa.slice(2) : mantissa;
  return { digits, point: Number(text.slice(e + 1)) + 1 };
}

/** Adds one unit in the last place of a string of decimal digits; the result may be one digit longer. */
function incremented(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits.charCodeAt(i) === NINE) i -= 1;
  if (i < 0) return `1${'0'.repeat(digits.length)}`;
  return digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1) + '0'.repeat(digits.length - i - 1);
}

/** "1234567" → "1,234,567": en-US groups every three digits, four-digit numbers too. */
function grouped(integer: string): string {
  const head = integer.length % 3 || 3;
  let out = integer.slice(0, head);
  for (let i = head; i < integer.length; i += 3) out += `,${integer.slice(i, i + 3)}`;
  return out;
}

function signOf(negative: boolean, zero: boolean, display: DecimalStyle['signDisplay']): string {
  if (display === 'exceptZero') return zero ? '' : negative ? '-' : '+';
  if (display === 'negative') return negative && !zero ? '-' : '';
  return negative ? '-' : '';
}

/** The digits of a finite number rounded to `max` fraction digits, at least `min` of them shown. */
function fixed(value: number, min: number, max: number, shift: number): { integer: string; fraction: string; zero: boolean } {
  if (value === 0) return { integer: '0', fraction: '0'.repeat(min), zero: true };
  const { digits, point: exponentPoint } = shortestDigits(value);
  const point = exponentPoint + shift;
  // All digits as one string with the decimal point `point` places in (zeros padded on either side).
  let all: string;
  let intLength: number;
  if (point <= 0) {
    all = '0'.repeat(1 - point) + digits;
    intLength = 1;
  } else {
    all = point >= digits.length ? digits + '0'.repeat(point - digits.length) : digits;
    intLength = point;
  }
  const keep = intLength + max;
  if (all.length > keep) {
    const up = all.charCodeAt(keep) >= FIVE;
    all = all.slice(0, keep);
    if (up) {
      const next = incremented(all);
      if (next.length > all.length) intLength += 1;
      all = next;
    }
  }
  let end = all.length;
  while (end > intLength + min && all.charCodeAt(end - 1) === ZERO) end -= 1;
  const integer = all.slice(0, intLength);
  const fraction = all.slice(intLength, end).padEnd(min, '0');
  let zero = true;
  for (let i = 0; i < end && zero; i += 1) if (all.charCodeAt(i) !== ZERO) zero = false;
  return { integer, fraction, zero };
}

/** A formatter for one style; Intl's NaN is "NaN" and its infinity "∞", signed like any number. */
export function decimalFormat(style: DecimalStyle): DecimalFormat {
  const min = style.minimumFractionDigits ?? 0;
  const max = style.maximumFractionDigits;
  if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 0 && max >= min && max <= 100)) {
    throw new RangeError(`fraction digits must be whole numbers with 0 ≤ minimum ≤ maximum ≤ 100, not ${min} and ${max}`);
  }
  const suffix = style.percent ? '%' : '';
  const shift = style.percent ? 2 : 0;
  const display = style.signDisplay ?? 'auto';
  return (value: number): string => {
    if (Number.isNaN(value)) return `NaN${suffix}`;
    const negative = value < 0 || Object.is(value, -0);
    if (!Number.isFinite(value)) return `${signOf(negative, false, display)}∞${suffix}`;
    const { integer, fraction, zero } = fixed(value, min, max, shift);
    return `${signOf(negative, zero, display)}${grouped(integer)}${fraction ? `.${fraction}` : ''}${suffix}`;
  };
}

/** Amounts to the cent with Intl's default sign display (so -0 prints "-0.00"): the account tables and command lines. */
export const twoDecimals: DecimalFormat = decimalFormat({ minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Basis points to a tenth, signed unless zero: slippage in the digest's tables. */
export const signedTenths: DecimalFormat = decimalFormat({ minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
