/**
 * The account's simultaneous market data lines (100 without booster packs): a snapshot holds
 * one from its request until IB ends it, and a request beyond the limit is refused with error
 * 101. Callers wait here for a free line, in the order they asked, before their request goes
 * to the message limiter.
 */
export class MarketDataLines {
  readonly limit: number;
  #open = 0;
  #peak = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    if (!(Number.isInteger(limit) && limit >= 1)) throw new RangeError(`market data lines must be a whole number of at least 1, got ${limit}`);
    this.limit = limit;
  }

  /** The most lines held at once so far. */
  get peak(): number {
    return this.#peak;
  }

  /** Runs `work` on a line, freed when it settles. */
  async with<T>(work: () => Promise<T>): Promise<T> {
    await this.#take();
    try {
      return await work();
    } finally {
      this.#release();
    }
  }

  #take(): Promise<void> {
    if (this.#open < this.limit) {
      this.#hold();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(() => (this.#hold(), resolve())));
  }

  #hold(): void {
    this.#open += 1;
    this.#peak = Math.max(this.#peak, this.#open);
  }

  #release(): void {
    this.#open -= 1;
    this.#waiting.shift()?.();
  }
}
