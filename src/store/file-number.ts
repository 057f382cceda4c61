/**
 * Numbers as the files people read show them. Prices on a tick and mids of two ticks come out of
 * binary arithmetic as 96.24000000000001; rounded to 8 decimals (finer than any tick or lot an
 * instrument here has) they read as 96.24 and parse back to the same price. Money is to the cent.
 */
export const PRICE_DECIMALS = 8;
export const MONEY_DECIMALS = 2;

export function fileNumber(value: number, decimals: number = PRICE_DECIMALS): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Number(value.toFixed(decimals));
  // -0 prints as "0"; a tiny negative that rounds to zero must not print as "-0".
  return String(rounded === 0 ? 0 : rounded);
}

/** A copy of a value with every number rounded as fileNumber rounds it, for JSON files. */
export function roundNumbersIn<T>(value: T, decimalsOf: (key: string) => number = () => PRICE_DECIMALS, key = ''): T {
  if (typeof value === 'number') return Number(fileNumber(value, decimalsOf(key))) as T;
  if (Array.isArray(value)) return value.map((item) => roundNumbersIn(item, decimalsOf, key)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundNumbersIn(v, decimalsOf, k)])) as T;
  return value;
}
