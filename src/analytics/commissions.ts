import type { FillObservation } from './fill-observation.js';

/** Total commission paid, in the base currency: each fill's at its own rate. */
export function totalCommissions(fills: readonly FillObservation[]): number {
  return fills.reduce((sum, f) => sum + f.commission * (f.fxRate ?? 1), 0);
}

/**
 * Commission paid in each currency, in that currency, currencies in alphabetical order: sums of
 * USD and CAD are different money, so they are never added without a rate.
 */
export function commissionsByCurrency(fills: readonly FillObservation[]): Record<string, number> {
  const sums = new Map<string, number>();
  for (const f of fills) sums.set(f.currency, (sums.get(f.currency) ?? 0) + f.commission);
  return Object.fromEntries([...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
