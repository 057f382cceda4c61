/** A decimal number as a forecast writes one: an optional sign, digits with an optional point, an optional exponent. */
export const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * DECIMAL_TEXT.test(text), given value = Number(text). Number() reads every decimal text, and
 * also "", text with spaces around it, "0x10", "0b1", "0o7" and "Infinity": a text it reads as
 * a finite number is one of those or a decimal, which its first two and last characters tell
 * apart. A forecast is read with a weight on every row, and the expression cost more than
 * Number() itself.
 */
export function isDecimalText(text: string, value: number): boolean {
  if (Number.isNaN(value)) return false;
  if (!Number.isFinite(value)) return DECIMAL_TEXT.test(text);
  const length = text.length;
  if (length === 0) return false;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(length - 1);
  if (!(isDigit(first) || first === 0x2b || first === 0x2d || first === 0x2e) || !(isDigit(last) || last === 0x2e)) return false;
  // 0x…, 0o…, 0b… (no sign may precede them, and the second character of a decimal is never a letter but e).
  return !(first === 0x30 && length > 1 && isRadixMark(text.charCodeAt(1)));
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** x, X, o, O, b, B. */
function isRadixMark(code: number): boolean {
  return code === 0x78 || code === 0x58 || code === 0x6f || code === 0x4f || code === 0x62 || code === 0x42;
}
