import type { RiskConfig } from '../config/schema.js';
import type { Instrument } from '../domain/instrument.js';

/**
 * The instruments whose trades wait for their market to open, each with the reason, when the
 * config holds orders of closed markets back (risk.closedMarket: hold-orders); none when it
 * blocks the whole run, so that the risk gate's market-closed check refuses the plan. An
 * instrument whose hours cannot be read is not held: the gate's check then fails closed on it.
 */
export function closedMarketHolds(
  instruments: readonly Instrument[],
  isMarketOpen: (instrument: Instrument, now: number) => boolean,
  now: number,
  limits: Pick<RiskConfig, 'closedMarket'>,
): Map<string, string> {
  const held = new Map<string, string>();
  if (limits.closedMarket !== 'hold-orders') return held;
  // An indexed loop: this runs once per run, too seldom to be optimised, where for…of would
  // make an iterator result per instrument.
  for (let i = 0; i < instruments.length; i++) {
    const instrument = instruments[i]!;
    let open: boolean;
    try {
      open = isMarketOpen(instrument, now);
    } catch {
      continue;
    }
    if (!open) held.set(instrument.symbol, `market ${instrument.exchange} is closed`);
  }
  return held;
}
