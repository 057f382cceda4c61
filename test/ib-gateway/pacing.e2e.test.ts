import { afterEach, describe, expect, it } from 'vitest';
import { peakInWindow, RateLimiter } from '../../src/brokers/ib/index.js';
import { virtualClock } from '../../src/brokers/ib/virtual-clock.fixture.js';
import type { OrderIntent } from '../../src/domain/order.js';
import { SPY, startRig, type Rig } from './harness.js';

// Resting buys far below the market: each is acknowledged and stays open.
const resting = (i: number): OrderIntent => ({ tag: `r-pace:SPY-${i}`, symbol: 'SPY', side: 'BUY', quantity: 1, limitPrice: 50, referencePrice: 100 });

/** A limiter that remembers when (on its clock) it let each message go. */
class RecordingLimiter extends RateLimiter {
  readonly times: number[] = [];
  constructor(limit: number, readonly clock: ReturnType<typeof virtualClock>) {
    super(limit, { clock });
  }
  override async take(): Promise<void> {
    await super.take();
    this.times.push(this.clock.now());
  }
}

describe('message pacing towards IB Gateway', () => {
  let rig: Rig;
  afterEach(async () => rig?.stop());

  it('on a real socket, never more than 45 messages reach the gateway in any one-second window', async () => {
    rig = await startRig();
    const broker = rig.broker();
    await broker.connect();
    await broker.account();
    // Sent together, so that the limiter and not the round trip sets the pace.
    await Promise.all(Array.from({ length: 90 }, (_, i) => broker.placeOrder(resting(i), SPY)));
    const arrivals = rig.gateway.arrivals();
    expect(arrivals.length).toBeGreaterThan(95);
    const peak = peakInWindow(arrivals);
    console.log(`real socket: ${arrivals.length} messages, peak ${peak} in any 1 s window`);
    expect(peak).toBeLessThanOrEqual(45);
    // The limiter keeps the rate near its cap (timer wake-ups cost a few ms per message) rather than crawl.
    expect(peak).toBeGreaterThanOrEqual(30);
    expect(rig.logs.join('\n')).not.toMatch(/\b100\b.*rate/i);
  });

  it('sends 500 orders through the limiter: every message passes it, at most 45 in any second of its clock', async () => {
    rig = await startRig();
    const clock = virtualClock();
    const limiter = new RecordingLimiter(45, clock);
    // The library's own backstop runs on real time; it is lifted so the virtual clock rules.
    const broker = rig.broker({}, { limiter, libraryMaxPerSecond: 100_000 });
    await broker.connect();
    await Promise.all(Array.from({ length: 500 }, (_, i) => broker.placeOrder(resting(i), SPY)));
    expect(rig.gateway.placed).toHaveLength(500);
    // Nothing reached the gateway without a turn from the limiter.
    expect(rig.gateway.arrivals().length).toBe(limiter.released);
    const peak = peakInWindow(limiter.times);
    console.log(`virtual clock: ${limiter.released} messages over ${(clock.now() / 1000).toFixed(1)} s, peak ${peak} in any 1 s window`);
    expect(peak).toBeLessThanOrEqual(45);
    expect(clock.now() / 1000).toBeGreaterThan(500 / 45);
  });
});
