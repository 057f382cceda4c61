import type { Fill } from '../../domain/order.js';

/** Reads of the account one settled read may take before it gives up. */
export const SETTLE_READS = 3;

export class FillsInFlightError extends Error {
  constructor(reads: number) {
    super(`fills kept arriving while the account was read (${reads} reads in a row saw new ones): the ledger is not compared with an account that may not hold them all; the next run reads again`);
    this.name = 'FillsInFlightError';
  }
}

/**
 * Reads the account so that it and the recorded fills describe the same moment. A fill can
 * land at the broker after fills were last collected and before the account is read: the
 * account holds it, the ledger not yet, and comparing the two would report a mismatch that is
 * none. So fills are collected again after each read; when that finds new ones the read may
 * predate them, and the account is read again, until a read is followed by no new fill.
 */
export async function settledRead<T>(read: () => Promise<T>, collectFills: () => Promise<readonly Fill[]>): Promise<{ value: T; fills: Fill[] }> {
  const fills: Fill[] = [];
  for (let reads = 1; ; reads++) {
    const value = await read();
    const fresh = await collectFills();
    fills.push(...fresh);
    if (fresh.length === 0) return { value, fills };
    if (reads >= SETTLE_READS) throw new FillsInFlightError(reads);
  }
}
