import { SimulatedClock } from '../domain/clock.js';
import type { DaemonClock } from './daemon-clock.js';

/**
 * A daemon clock that jumps instead of waiting: sleeping until a time sets the clock to it at
 * once. Past `end` it calls `onEnd` (a test stops the daemon there) and stays put. The demo and
 * the tests drive the daemon over days with it in milliseconds.
 */
export class SimulatedDaemonClock implements DaemonClock {
  readonly #clock: SimulatedClock;
  readonly #end: number;
  readonly #onEnd: () => void;

  constructor(start: number, end: number, onEnd: () => void) {
    this.#clock = new SimulatedClock(start);
    this.#end = end;
    this.#onEnd = onEnd;
  }

  now(): number {
    return this.#clock.now();
  }

  /** Moves the clock on, as a cycle that takes time would. */
  advance(ms: number): void {
    this.#clock.set(this.#clock.now() + ms);
  }

  async sleepUntil(time: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    if (time > this.#end) {
      this.#onEnd();
      return;
    }
    if (time > this.#clock.now()) this.#clock.set(time);
  }
}
