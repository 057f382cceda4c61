import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intlZoneSpans } from '../calendar/intl-zone-spans.js';
import { formatZoned } from './format.js';

const ZONES = ['America/New_York', 'America/Toronto', 'Europe/London', 'Asia/Tokyo', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];

const references = new Map<string, Intl.DateTimeFormat>();

/** The Intl formatting formatZoned replaced, kept here as the reference it must equal. */
function intlZoned(epochMs: number, timeZone: string, seconds: boolean): string {
  let format = references.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
    references.set(timeZone, format);
  }
  const parts = format.formatToParts(epochMs);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}${seconds ? `:${part('second')}` : ''} ${part('timeZoneName')}`;
}

const anyInstant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2036, 0, 1) - 1 });

// Instants within two hours of a DST change, to the millisecond: where a wrong span would show.
const nearChange = fc
  .record({ zone: fc.constantFrom(...ZONES), year: fc.integer({ min: 2000, max: 2035 }), which: fc.nat(), delta: fc.integer({ min: -7_200_000, max: 7_200_000 }) })
  .map(({ zone, year, which, delta }) => {
    const spans = intlZoneSpans(year, zone);
    return { zone, t: spans[which % spans.length]!.from + delta };
  });

describe('formatZoned writes what Intl writes', () => {
  it('at any instant of 2000–2035 in the exchanges\' zones and others', () => {
    fc.assert(
      fc.property(anyInstant, fc.constantFrom(...ZONES), fc.boolean(), (t, zone, seconds) => {
        expect(formatZoned(t, zone, { seconds })).toBe(intlZoned(t, zone, seconds));
      }),
      { numRuns: 2000 },
    );
  });

  it('around every DST change', () => {
    fc.assert(
      fc.property(nearChange, fc.boolean(), ({ zone, t }, seconds) => {
        expect(formatZoned(t, zone, { seconds })).toBe(intlZoned(t, zone, seconds));
      }),
      { numRuns: 2000 },
    );
  });
});
