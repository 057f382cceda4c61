import type { CalendarSpec } from './calendar-spec.js';
import { UnknownExchangeError } from './errors.js';
import { FX } from './fx.js';
import { RuleCalendar } from './rule-calendar.js';
import type { ExchangeCalendar } from './session.js';
import { XLON } from './xlon.js';
import { XNYS } from './xnys.js';
import { XTSE } from './xtse.js';

const SPECS: ReadonlyMap<string, CalendarSpec> = new Map([XNYS, XLON, XTSE, FX].map((s) => [s.mic, s]));

/** Venues that trade on another exchange's calendar. */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['ARCX', 'XNYS'], // NYSE Arca, where most US ETFs list
]);

// One instance per MIC, so each year's sessions are computed once per process.
const instances = new Map<string, ExchangeCalendar>();

/** The market identifier codes getCalendar accepts, aliases included. */
export function knownMics(): string[] {
  return [...SPECS.keys(), ...ALIASES.keys()];
}

/**
 * The calendar of an exchange by ISO 10383 MIC (case-insensitive), or `FX`.
 * @throws UnknownExchangeError listing the known codes.
 */
export function getCalendar(mic: string): ExchangeCalendar {
  const upper = mic.trim().toUpperCase();
  const key = ALIASES.get(upper) ?? upper;
  let calendar = instances.get(key);
  if (!calendar) {
    const spec = SPECS.get(key);
    if (!spec) throw new UnknownExchangeError(mic, knownMics());
    calendar = new RuleCalendar(spec);
    instances.set(key, calendar);
  }
  return calendar;
}

/** The calendar of an exchange, or undefined for a code no calendar describes (its data is then taken as stamped). */
export function findCalendar(mic: string): ExchangeCalendar | undefined {
  try {
    return getCalendar(mic);
  } catch (error) {
    if (error instanceof UnknownExchangeError) return undefined;
    throw error;
  }
}
