/** Time for the limiter: the wall clock live, a virtual one in tests that must not wait for real. */
export interface LimiterClock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realLimiterClock: LimiterClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.ceil(ms)))),
};

/**
 * Paces every message autofolio sends to TWS / IB Gateway (IB allows 50 per second, all kinds
 * together, and disconnects a client that keeps exceeding it). Messages are spaced evenly
 * rather than let through in bursts: a burst sent at the end of one second and another at the
 * start of the next would exceed the limit in the window that straddles them. The spacing is
 * windowMs / (limit − ½), so `limit` + 1 messages always span more than one window, with
 * about 11 ms of slack at 45 per second for jitter on the way to the gateway.
 */
export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #clock: LimiterClock;
  readonly #spacing: number;
  #next = Number.NEGATIVE_INFINITY;
  #queue: Promise<void> = Promise.resolve();
  #released = 0;

  constructor(limit: number, options: { windowMs?: number; clock?: LimiterClock } = {}) {
    if (!(limit >= 1)) throw new RangeError(`a rate limit must be at least 1 message per window, got ${limit}`);
    this.limit = limit;
    this.windowMs = options.windowMs ?? 1000;
    this.#clock = options.clock ?? realLimiterClock;
    this.#spacing = this.windowMs / (limit - 0.5);
  }

  /** Messages let through so far. */
  get released(): number {
    return this.#released;
  }

  /** Resolves when one more message may be sent; callers are served in the order they asked. */
  take(): Promise<void> {
    const turn = this.#queue.then(async () => {
      let now = this.#clock.now();
      while (now < this.#next) {
        await this.#clock.sleep(this.#next - now);
        now = this.#clock.now();
      }
      this.#next = now + this.#spacing;
      this.#released += 1;
    });
    // A rejected sleep must not wedge every later caller.
    this.#queue = turn.catch(() => undefined);
    return turn;
  }
}

/** Largest number of times in any half-open window [t, t + windowMs). Times sorted ascending. */
export function peakInWindow(times: readonly number[], windowMs = 1000): number {
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}
