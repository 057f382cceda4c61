import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { peakInWindow, RateLimiter } from './rate-limiter.js';
import { virtualClock } from './virtual-clock.fixture.js';

describe('RateLimiter', () => {
  it('lets 500 messages through at no more than 45 in any one-second window', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(45, { clock });
    const times: number[] = [];
    for (let i = 0; i < 500; i++) {
      await limiter.take();
      times.push(clock.now());
    }
    expect(peakInWindow(times)).toBe(45);
    // 45 in each window and its 5 % guard: 500 messages need about 500 / 45 × 1.05 seconds, not more.
    expect(times[499]! / 1000).toBeGreaterThan(499 / 45);
    expect(times[499]! / 1000).toBeLessThan((500 / 45) * 1.05);
    expect(limiter.released).toBe(500);
  });

  it('serves concurrent callers in order and still keeps the limit', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(10, { clock });
    const order: number[] = [];
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        limiter.take().then(() => {
          order.push(i);
          times.push(clock.now());
        }),
      ),
    );
    expect(order).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(peakInWindow(times)).toBeLessThanOrEqual(10);
  });

  it('never exceeds its limit whatever the pauses between callers (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 50 }), fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 200 }), async (limit, pauses) => {
        const clock = virtualClock();
        const limiter = new RateLimiter(limit, { clock });
        const times: number[] = [];
        for (const pause of pauses) {
          clock.time += pause;
          await limiter.take();
          times.push(clock.now());
        }
        expect(peakInWindow(times)).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 200 },
    );
  });

  it('is not slowed down by timers that wake late, as on a busy machine', async () => {
    const send500 = async (lateMs: number) => {
      const clock = virtualClock();
      const limiter = new RateLimiter(45, { clock: { now: clock.now, sleep: (ms) => clock.sleep(ms + lateMs) } });
      const times: number[] = [];
      for (let i = 0; i < 500; i++) {
        await limiter.take();
        times.push(clock.now());
      }
      return times;
    };
    const onTime = await send500(0);
    // Each sleep overshoots by 3 ms: spaced from each wake-up, 500 messages would take 1.5 s longer.
    const late = await send500(3);
    expect(peakInWindow(late)).toBeLessThanOrEqual(45);
    expect(late[499]! - onTime[499]!).toBeLessThan(100);
  });

  it('does not delay a message after a quiet spell', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter(45, { clock });
    await limiter.take();
    clock.time += 5_000;
    const before = clock.now();
    await limiter.take();
    expect(clock.now()).toBe(before);
  });
});

describe('peakInWindow', () => {
  it('counts a half-open window: messages exactly one window apart are not together', () => {
    expect(peakInWindow([0, 1000, 2000])).toBe(1);
    expect(peakInWindow([0, 999, 1000])).toBe(2);
    expect(peakInWindow([])).toBe(0);
  });
});
