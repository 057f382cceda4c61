/**
 * What a broker lists for options on one underlying: the expiries and strikes, and the
 * contracts' multiplier. IB answers this with its security definition parameters; the paper
 * broker lists a chain of its own (paper-chain.ts).
 */
export interface OptionChain {
  readonly underlying: string;
  /** Last trading days, YYYY-MM-DD, ascending. */
  readonly expiries: readonly string[];
  /** Ascending. */
  readonly strikes: readonly number[];
  readonly multiplier: number;
}
