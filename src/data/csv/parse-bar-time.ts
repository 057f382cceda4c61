const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Epoch ms UTC of a bar's start written as `2025-11-14T14:30:00Z` (seconds and milliseconds
 * optional) or `2025-11-14` (that date, 00:00 UTC). Undefined when the text is neither, names
 * a day or hour that does not exist (2025-02-30, 24:00), or a year before 1800.
 *
 * A time without a zone is refused: it could be exchange time or UTC, and guessing wrong
 * shifts every bar by hours. Digits are read by position rather than with a regular
 * expression because this runs once per row and dominates the time to load a file.
 */
export function parseBarTime(text: string): number | undefined {
  const length = text.length;
  if (length < 10 || text[4] !== '-' || text[7] !== '-') return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  // No market data predates 1800; refusing earlier years also avoids Date.UTC's 0-99 → 19xx rule.
  // Written as "not in range" so that NaN, from a non-digit, fails too.
  if (!(year >= 1800 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return undefined;
  if (length === 10) return Date.UTC(year, month - 1, day);

  if (text[10] !== 'T' || text[13] !== ':' || text[length - 1] !== 'Z') return undefined;
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  let second = 0;
  let millis = 0;
  if (length > 17) {
    if (text[16] !== ':' || length === 21 || length > 24) return undefined;
    second = digits(text, 17, 2);
    if (length > 20) {
      if (text[19] !== '.') return undefined;
      const fraction = length - 21;
      millis = digits(text, 20, fraction) * 10 ** (3 - fraction);
    }
  } else if (length !== 17) {
    return undefined;
  }
  if (!(hour <= 23 && minute <= 59 && second <= 59 && millis >= 0)) return undefined; // NaN fails too
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/** The decimal number in `count` characters from `start`; NaN if any is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}
