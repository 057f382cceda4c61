import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MarketDataLines } from './market-data-lines.js';

describe('market data lines', () => {
  it('never holds more lines than the limit, and every request gets one, in the order asked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 40 }), async (limit, delays) => {
        const lines = new MarketDataLines(limit);
        let open = 0;
        let peak = 0;
        const started: number[] = [];
        await Promise.all(
          delays.map((delay, i) =>
            lines.with(async () => {
              started.push(i);
              open += 1;
              peak = Math.max(peak, open);
              for (let t = 0; t < delay; t++) await Promise.resolve();
              open -= 1;
            }),
          ),
        );
        expect(peak).toBeLessThanOrEqual(limit);
        expect(lines.peak).toBeLessThanOrEqual(limit);
        expect(started).toEqual(delays.map((_, i) => i));
      }),
    );
  });

  it('frees the line of a request that failed', async () => {
    const lines = new MarketDataLines(1);
    await expect(lines.with(() => Promise.reject(new Error('no quote')))).rejects.toThrow('no quote');
    await expect(lines.with(async () => 'next')).resolves.toBe('next');
  });
});
