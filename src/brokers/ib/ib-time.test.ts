import { describe, expect, it } from 'vitest';
import { ibFilterTime, parseIbTime } from './ib-time.js';

describe('IB times', () => {
  it('reads a time with its zone, in UTC, and in the gateway zone when unnamed', () => {
    expect(parseIbTime('20240102 09:30:05 US/Eastern', 'Europe/London')).toBe(Date.UTC(2024, 0, 2, 14, 30, 5));
    expect(parseIbTime('20240702 09:30:05 America/New_York', 'UTC')).toBe(Date.UTC(2024, 6, 2, 13, 30, 5));
    expect(parseIbTime('20240102-14:30:05', 'America/New_York')).toBe(Date.UTC(2024, 0, 2, 14, 30, 5));
    expect(parseIbTime('20240102  09:30:05', 'America/New_York')).toBe(Date.UTC(2024, 0, 2, 14, 30, 5));
    expect(parseIbTime('yesterday', 'UTC')).toBeUndefined();
  });

  it('writes the execution filter time in UTC', () => {
    expect(ibFilterTime(Date.UTC(2024, 0, 2, 14, 30, 5))).toBe('20240102-14:30:05');
  });
});
