import { describe, expect, it } from 'vitest';
import { DELAYED_LAG_MS, quoteFromTicks } from './ib-quotes.js';

describe('quoteFromTicks', () => {
  it('uses bid and ask, and ages a delayed quote by the delay', () => {
    expect(quoteFromTicks('SPY', new Map([[1, 99.9], [2, 100.1], [4, 100]]), 1_000_000_000, false)).toEqual({ symbol: 'SPY', bid: 99.9, ask: 100.1, last: 100, time: 1_000_000_000 });
    expect(quoteFromTicks('SPY', new Map([[66, 99.9], [67, 100.1]]), 1_000_000_000, true)).toEqual({ symbol: 'SPY', bid: 99.9, ask: 100.1, last: 100, time: 1_000_000_000 - DELAYED_LAG_MS });
  });

  it('falls back to the last price, stamped with the time of that trade and marked price-only, when the book is empty (-1) or crossed', () => {
    expect(quoteFromTicks('XIU', new Map([[1, -1], [2, -1], [4, 31.5]]), 5, false, 3)).toEqual({ symbol: 'XIU', bid: 31.5, ask: 31.5, last: 31.5, time: 3, priceOnly: 'last' });
    expect(quoteFromTicks('XIU', new Map([[1, 32], [2, 31], [4, 31.5]]), 5, false, 3)).toMatchObject({ bid: 31.5, ask: 31.5, time: 3, priceOnly: 'last' });
  });

  it('never stamps a price without a time with the current time: a close, or a last without its time, is no quote', () => {
    expect(quoteFromTicks('XIU', new Map([[1, -1], [2, -1], [9, 31.5]]), 5, false)).toBeUndefined();
    expect(quoteFromTicks('XIU', new Map([[4, 31.5], [9, 31.4]]), 5, false)).toBeUndefined();
  });

  it('gives no quote when there is no price at all', () => {
    expect(quoteFromTicks('XIU', new Map([[1, -1]]), 5, false)).toBeUndefined();
  });
});
