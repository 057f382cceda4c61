import type { FillObservation } from './fill-observation.js';

/** Total commission paid, in the base currency. */
export function totalCommissions(fills: readonly FillObservation[]): number {
  return fills.reduce((sum, f) => sum + f.commission * (f.fxRate ?? 1), 0);
}
