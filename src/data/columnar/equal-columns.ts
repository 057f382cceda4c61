/**
 * Whether two columns hold the same numbers bit for bit. One memcmp rather than a loop: the
 * files of a folder usually share their times, so a backtest compares every symbol's column
 * with the first (500 symbols × 2,520 bars), and a loop over them ran cold. Equal bits are
 * equal values; the only values with other bits that `===` would call equal are 0 and −0, and
 * a column that differs only there is merely treated as a different one.
 */
export function equalColumns(a: Float64Array, b: Float64Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
