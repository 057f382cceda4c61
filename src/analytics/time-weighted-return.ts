/** Time-weighted return: the chain-linked product of period returns, Π(1 + rₜ) − 1. Zero for no periods. */
export function timeWeightedReturn(returns: readonly number[]): number {
  let growth = 1;
  for (const r of returns) growth *= 1 + r;
  return growth - 1;
}

/** The growth of 1 invested at the start, one value per period boundary (length = returns + 1). */
export function growthIndex(returns: readonly number[]): number[] {
  const index = [1];
  for (const r of returns) index.push(index[index.length - 1]! * (1 + r));
  return index;
}
