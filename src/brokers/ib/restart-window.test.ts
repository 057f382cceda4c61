import { describe, expect, it } from 'vitest';
import { restartWindowAt } from './restart-window.js';

const config = { at: '23:50', timeZone: 'America/New_York', minutes: 20, during: 'wait' } as const;

describe('restartWindowAt', () => {
  it('finds a window that crosses midnight, on either side of it', () => {
    // 23:55 New York on 2 January 2024 is 04:55 UTC on the 3rd.
    expect(restartWindowAt(config, Date.UTC(2024, 0, 3, 4, 55))).toEqual({ start: Date.UTC(2024, 0, 3, 4, 50), end: Date.UTC(2024, 0, 3, 5, 10) });
    expect(restartWindowAt(config, Date.UTC(2024, 0, 3, 5, 5))).toEqual({ start: Date.UTC(2024, 0, 3, 4, 50), end: Date.UTC(2024, 0, 3, 5, 10) });
  });

  it('finds none outside it, the end being outside', () => {
    expect(restartWindowAt(config, Date.UTC(2024, 0, 3, 5, 10))).toBeUndefined();
    expect(restartWindowAt(config, Date.UTC(2024, 0, 3, 15, 0))).toBeUndefined();
  });

  it('follows daylight saving time', () => {
    // In July New York is UTC−4: 23:50 is 03:50 UTC.
    expect(restartWindowAt(config, Date.UTC(2024, 6, 3, 3, 51))?.start).toBe(Date.UTC(2024, 6, 3, 3, 50));
  });
});
