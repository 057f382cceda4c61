import fc from 'fast-check';
import type { DatedValue } from './series.js';

/** Values on consecutive calendar days from 2024-01-01. */
export function dated(values: readonly number[]): DatedValue[] {
  const start = Date.UTC(2024, 0, 1);
  return values.map((value, i) => ({ date: new Date(start + i * 86_400_000).toISOString().slice(0, 10), value }));
}

/** An equity path from a start value and daily returns between −50 % and +50 %, with the returns that made it. */
export const equityPath = fc
  .record({ start: fc.double({ min: 1_000, max: 1e7, noNaN: true }), returns: fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 1, maxLength: 60 }) })
  .map(({ start, returns }) => {
    const values = [start];
    for (const r of returns) values.push(values[values.length - 1]! * (1 + r));
    return { values, returns };
  });
