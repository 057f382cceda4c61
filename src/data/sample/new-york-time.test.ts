import { describe, expect, it } from 'vitest';
import { newYorkOffsetMs, newYorkToUtc } from './new-york-time.js';

const HOUR = 3_600_000;

describe('New York time', () => {
  it('is UTC-5 in winter and UTC-4 in summer', () => {
    expect(newYorkOffsetMs(Date.UTC(2025, 0, 15, 12))).toBe(-5 * HOUR);
    expect(newYorkOffsetMs(Date.UTC(2025, 6, 15, 12))).toBe(-4 * HOUR);
  });

  it('switches at 02:00 local on the second Sunday of March', () => {
    // 06:59Z is 01:59 EST; 07:00Z is 03:00 EDT.
    expect(newYorkOffsetMs(Date.UTC(2025, 2, 9, 6, 59))).toBe(-5 * HOUR);
    expect(newYorkOffsetMs(Date.UTC(2025, 2, 9, 7, 0))).toBe(-4 * HOUR);
  });

  it('converts a wall-clock time to UTC with the offset of that day', () => {
    expect(newYorkToUtc('2025-03-07', 9, 30)).toBe(Date.UTC(2025, 2, 7, 14, 30));
    expect(newYorkToUtc('2025-03-10', 9, 30)).toBe(Date.UTC(2025, 2, 10, 13, 30));
    expect(newYorkToUtc('2025-03-09', 12, 0)).toBe(Date.UTC(2025, 2, 9, 16, 0));
  });
});
