import type { CycleDeps } from './cycle-deps.js';

/**
 * The trading date a time belongs to: the date of the main exchange's latest session that
 * opened at or before it. A run at 05:00 New York belongs to the previous session's day,
 * which is what the end-of-day commit needs.
 */
export function tradingDate(deps: Pick<CycleDeps, 'sessionAt'>, time: number): string {
  return deps.sessionAt(time)?.date ?? new Date(time).toISOString().slice(0, 10);
}
