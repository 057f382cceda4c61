/**
 * Orders identifiers (symbols, execution ids, order tags, spread names) by their UTF-16 code
 * units: the same order on every machine. `localeCompare` ordered them by the process's ICU
 * locale, so a snapshot's positions or a digest's lines could come out in another order on
 * another machine, and its first call loaded ICU's collation data, about 10 ms of the start of
 * `autofolio status` on an account whose positions tie in size.
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
