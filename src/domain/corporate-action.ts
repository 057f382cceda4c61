import { toMinor, type Currency } from './money.js';

/**
 * A split or a cash dividend of one instrument, on its ex-date.
 *
 * - `split`: `value` is the new shares per old share (a 4-for-1 split is 4, a 1-for-10 reverse
 *   split is 0.1). A holding's quantity is multiplied by it; its cost and value stay the same.
 * - `dividend`: `value` is the cash per share, in the instrument's currency, paid to whoever
 *   held the shares at the start of the ex-date.
 */
export interface CorporateAction {
  readonly kind: 'split' | 'dividend';
  /** The ex-date, YYYY-MM-DD. */
  readonly date: string;
  /** The ex-date's midnight UTC: the action takes effect with the first bar that starts at or after it. */
  readonly time: number;
  readonly value: number;
}

/** An action of `kind` on the ex-date `date` (YYYY-MM-DD), as a source or a file gives it. */
export function corporateAction(kind: CorporateAction['kind'], date: string, value: number): CorporateAction {
  return Object.freeze({ kind, date, time: Date.parse(`${date}T00:00:00Z`), value });
}

/** The shares a split adds to `quantity` (negative for a reverse split), without binary noise. */
export function splitQuantityChange(quantity: number, ratio: number): number {
  return Number((quantity * ratio - quantity).toPrecision(12));
}

export interface DividendAmounts {
  /** What a long holding receives, or a short one pays, before withholding: |quantity| × amount × multiplier, minor units. */
  readonly grossMinor: number;
  /** The tax withheld from what a long holding receives (none on what a short pays), minor units. */
  readonly withheldMinor: number;
}

/**
 * The cash a dividend moves for a holding of `quantity` (signed): a long receives the gross less
 * the withholding, a short pays the gross. The paper broker and the ledger both book with this
 * one function, so that they agree to the cent.
 */
export function dividendAmounts(quantity: number, perShare: number, multiplier: number, withholdingPct: number, currency: Currency): DividendAmounts {
  const grossMinor = Math.abs(toMinor(quantity * perShare * multiplier, currency));
  // Both amounts are whole minor units: the tax is rounded half up, as a statement shows it.
  const withheldMinor = quantity > 0 ? Math.round(Number(((grossMinor * withholdingPct) / 100).toPrecision(12))) : 0;
  return { grossMinor, withheldMinor };
}
