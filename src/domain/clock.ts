/** The time source of a run: the wall clock live, the data's clock or a simulated clock otherwise. */
export interface Clock {
  /** Epoch ms UTC. */
  now(): number;
}

export const wallClock: Clock = { now: () => Date.now() };

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
  set(time: number): void {
    if (time < this.#time) throw new RangeError('a simulated clock never goes back');
    this.#time = time;
  }
}

export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
