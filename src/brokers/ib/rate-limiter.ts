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
 * The guard added to the window, as a share of it: a message may reach the gateway this much
 * later than the one `limit` before it (a stalled event loop, a busy network) and still not
 * share a window with it. It costs 5 % of the rate: 45 a second become 42.9.
 */
const GUARD_SHARE = 1 / 20;

/** IB's own limit: 50 messages a second. */
const IB_MESSAGES_PER_WINDOW = 50;

/**
 * Paces every message autofolio sends to TWS / IB Gateway (IB allows 50 per second, all kinds
 * together, and disconnects a client that keeps exceeding it). The rule is IB's own, on a
 * sliding window: a message goes when the `limit`-th message before it left more than one
 * window ago, plus a guard of a twentieth of the window (50 ms) for jitter on the way to the
 * gateway and in how it reads, so no window of the gateway's, wherever it starts, sees more than
 * `limit`. Within that, messages are never closer than IB's own rate (1/50 of the window), so
a catch-up is never a burst (and @stoqey/ib's backstop, 5 messages per 100 ms, never holds
one back to release it with the next). Because
 * the rule looks at when messages really left, a timer that wakes late (a few ms per message
 * on a busy machine) is made up for by the next messages instead of slowing every later one:
 * the rate stays at the limit, not below it.
 */
export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #clock: LimiterClock;
  readonly #guardMs: number;
  readonly #minGapMs: number;
  /** When the last `limit` messages left, oldest first. */
  readonly #sent: number[] = [];
  #queue: Promise<void> = Promise.resolve();
  #released = 0;

  constructor(limit: number, options: { windowMs?: number; clock?: LimiterClock } = {}) {
    if (!(limit >= 1)) throw new RangeError(`a rate limit must be at least 1 message per window, got ${limit}`);
    this.limit = limit;
    this.windowMs = options.windowMs ?? 1000;
    this.#clock = options.clock ?? realLimiterClock;
    this.#guardMs = this.windowMs * GUARD_SHARE;
    this.#minGapMs = this.windowMs / Math.max(limit, IB_MESSAGES_PER_WINDOW);
  }

  /** Messages let through so far. */
  get released(): number {
    return this.#released;
  }

  /** Resolves when one more message may be sent; callers are served in the order they asked. */
  take(): Promise<void> {
    const turn = this.#queue.then(async () => {
      let now = this.#clock.now();
      for (let due = this.#dueAt(); now < due; due = this.#dueAt()) {
        await this.#clock.sleep(due - now);
        now = this.#clock.now();
      }
      this.#sent.push(now);
      if (this.#sent.length > this.limit) this.#sent.shift();
      this.#released += 1;
    });
    // A rejected sleep must not wedge every later caller.
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** The earliest time the next message may leave. */
  #dueAt(): number {
    const last = this.#sent.at(-1);
    const afterLast = last === undefined ? Number.NEGATIVE_INFINITY : last + this.#minGapMs;
    const windowFree = this.#sent.length < this.limit ? Number.NEGATIVE_INFINITY : this.#sent[0]! + this.windowMs + this.#guardMs;
    return Math.max(afterLast, windowFree);
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
