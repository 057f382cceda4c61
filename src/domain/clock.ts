/** The time source of a run: the wall clock live, the data's clock or a simulated clock otherwise. */
export interface Clock {
  /** Epoch ms UTC. */
  now(): number;
  /**
   * Lets `ms` pass on this clock: a simulated clock moves forward at once, so that a backtest's
   * waits cost no real time. Without it a wait is a real one.
   */
  sleep?(ms: number): Promise<void>;
}

export const wallClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/** Waits `ms` on the clock: its own sleep when it has one, real time otherwise. */
export function sleepOn(clock: Clock, ms: number): Promise<void> {
  return clock.sleep ? clock.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms));
}

export function fixedClock(time: number): Clock {
  return { now: () => time };
}

/** A clock that the owner moves forward: the demo and the backtester use it. */
export class SimulatedClock implements Clock {
  #time: number;
  constructor(start: number) {
    this.#time = start;
  }
  now(): number {
    return this.#time;
  }
  async sleep(ms: number): Promise<void> {
    this.#time += ms;
  }
  set(time: number): void {
    if (time < this.#time) throw new RangeError('a simulated clock never goes back');
    this.#time = time;
  }
}

export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
