import { describe, expect, it } from 'vitest';
import { AlpacaRateLimit } from './rate-limit.js';

const headers = (values: Record<string, string>): Headers => new Headers(values);

describe('the Alpaca rate limit', () => {
  it('lets a minute\'s budget go at once, then holds the next request until the oldest leaves the window', () => {
    const limit = new AlpacaRateLimit(3);
    for (const t of [0, 10, 20]) {
      expect(limit.waitMs(t)).toBe(0);
      limit.sent(t);
    }
    expect(limit.waitMs(30)).toBe(60_000 - 30);
    expect(limit.waitMs(59_999)).toBe(1);
    expect(limit.waitMs(60_000)).toBe(0);
  });

  it('waits for X-RateLimit-Reset once Alpaca says no requests remain', () => {
    const limit = new AlpacaRateLimit(200);
    limit.observe(headers({ 'x-ratelimit-remaining': '4', 'x-ratelimit-reset': '1700000060' }), 1_700_000_000_000);
    expect(limit.waitMs(1_700_000_000_000)).toBe(0);
    limit.observe(headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000060' }), 1_700_000_000_000);
    expect(limit.waitMs(1_700_000_000_000)).toBe(60_000);
    expect(limit.waitMs(1_700_000_060_000)).toBe(0);
  });

  it('after a 429, prefers Retry-After, then the reset, then a doubling backoff', () => {
    const now = 1_700_000_000_000;
    expect(new AlpacaRateLimit(200).refused(headers({ 'retry-after': '2', 'x-ratelimit-reset': '1700000030' }), now, 0)).toBe(2_000);
    expect(new AlpacaRateLimit(200).refused(headers({ 'x-ratelimit-reset': '1700000030' }), now, 0)).toBe(30_000);
    expect(new AlpacaRateLimit(200).refused(headers({}), now, 0)).toBe(500);
    expect(new AlpacaRateLimit(200).refused(headers({}), now, 3)).toBe(4_000);
  });

  it('does not stall a run on a reset header that is far off or in the past', () => {
    const now = 1_700_000_000_000;
    expect(new AlpacaRateLimit(200).refused(headers({ 'x-ratelimit-reset': '1800000000' }), now, 0)).toBe(65_000);
    expect(new AlpacaRateLimit(200).refused(headers({ 'x-ratelimit-reset': '1600000000' }), now, 0)).toBe(500);
  });
});
