import { describe, expect, it } from 'vitest';
import { windowOf } from '../bar-series.js';
import { isStaleHistory } from './stale-history.js';

const bar = (iso: string) => ({ time: Date.parse(iso), open: 1, high: 1, low: 1, close: 1, volume: 1 });

describe('stale history', () => {
  const sessionOpen = Date.parse('2025-11-13T14:30:00Z');

  it('passes a daily bar dated at midnight UTC of the session, and any later bar', () => {
    expect(isStaleHistory(windowOf([bar('2025-11-12T00:00:00Z'), bar('2025-11-13T00:00:00Z')]), sessionOpen)).toBe(false);
    expect(isStaleHistory(windowOf([bar('2025-11-14T15:30:00Z'), bar('2025-11-14T16:30:00Z')]), sessionOpen)).toBe(false);
  });

  it('refuses a history that ends before the oldest allowed session, and an empty one', () => {
    expect(isStaleHistory(windowOf([bar('2024-11-11T00:00:00Z'), bar('2024-11-12T00:00:00Z')]), sessionOpen)).toBe(true);
    expect(isStaleHistory(windowOf([bar('2025-11-11T00:00:00Z'), bar('2025-11-12T00:00:00Z')]), sessionOpen)).toBe(true);
    expect(isStaleHistory(windowOf([]), sessionOpen)).toBe(true);
  });
});
