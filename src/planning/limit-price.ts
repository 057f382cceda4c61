import type { Side } from '../domain/order.js';
import { roundToTick } from '../domain/rounding.js';

/** The limit cap before tick rounding: buys pay at most reference + offset, sells take at least reference − offset. */
export function limitCap(reference: number, side: Side, offsetBps: number): number {
  const offset = offsetBps / 10_000;
  return side === 'BUY' ? reference * (1 + offset) : reference * (1 - offset);
}

/**
 * The limit price sent to the broker: the cap rounded to the tick on the safe side
 * (buys down, sells up), so rounding never makes the order more aggressive than the cap.
 */
export function limitPrice(reference: number, side: Side, offsetBps: number, tick: number): number {
  return roundToTick(limitCap(reference, side, offsetBps), tick, side === 'BUY' ? 'down' : 'up');
}
