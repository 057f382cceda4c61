import { describe, expect, it } from 'vitest';
import { HistoricalPacer } from './historical-pacing.js';
import { virtualClock } from './virtual-clock.fixture.js';

describe('HistoricalPacer', () => {
  it('keeps identical requests 15 s apart', async () => {
    const clock = virtualClock();
    const pacer = new HistoricalPacer(undefined, clock);
    (await pacer.admit('SPY 1Y 1d', 'SPY'))();
    (await pacer.admit('SPY 1Y 1d', 'SPY'))();
    expect(clock.now()).toBe(15_000);
  });

  it('never lets six requests for one contract into two seconds, nor 61 into ten minutes', async () => {
    const clock = virtualClock();
    const pacer = new HistoricalPacer(undefined, clock);
    const times: { t: number; contract: string }[] = [];
    for (let i = 0; i < 130; i++) {
      const contract = i % 3 === 0 ? 'SPY' : `X${i}`;
      (await pacer.admit(`${contract} ${i}`, contract))();
      times.push({ t: clock.now(), contract });
    }
    for (const { t } of times) {
      expect(times.filter((x) => x.contract === 'SPY' && x.t >= t && x.t < t + 2_000).length).toBeLessThanOrEqual(5);
      expect(times.filter((x) => x.t >= t && x.t < t + 600_000).length).toBeLessThanOrEqual(60);
    }
    // 130 requests need at least two full ten-minute windows of waiting.
    expect(clock.now()).toBeGreaterThanOrEqual(1_200_000);
  });

  it('holds a request while 50 are open, and lets it go when one is answered', async () => {
    const clock = virtualClock();
    const pacer = new HistoricalPacer({ identicalGapMs: 0, perContract: 100, perContractWindowMs: 1, total: 1000, totalWindowMs: 1, open: 2 }, clock);
    const a = await pacer.admit('a', 'a');
    await pacer.admit('b', 'b');
    let third = false;
    const pending = pacer.admit('c', 'c').then(() => (third = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(third).toBe(false);
    a();
    await pending;
    expect(third).toBe(true);
  });
});
