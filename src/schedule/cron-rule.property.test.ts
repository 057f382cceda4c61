import { Cron } from 'croner';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intlZoneSpans } from '../calendar/intl-zone-spans.js';
import { cronRule } from './schedule.js';

// The exchanges' zones and others with half-hour offsets, a half-hour DST change (Lord Howe)
// and a quarter-hour offset.
const ZONES = ['America/New_York', 'America/Toronto', 'Europe/London', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Asia/Kathmandu'];
// Trading and end-of-day expressions as configs write them, and ones that fall in the hours a
// DST change skips or repeats.
const EXPRESSIONS = ['35 * * * *', '5 * * * *', '*/5 9-16 * * 1-5', '15 17 * * 1-5', '0 18 * * *', '30 2 * * *', '30 1 * * *', '0 2 * * 0', '*/20 * * * *', '0 0 1 * *', '45 23 * * 5'];

const HOUR = 3_600_000;

// Instants up to a day either side of a DST change, to the millisecond, and anywhere in 2000–2035.
const near = fc
  .record({ zone: fc.constantFrom(...ZONES), year: fc.integer({ min: 2000, max: 2035 }), which: fc.nat(), delta: fc.integer({ min: -24 * HOUR, max: 24 * HOUR }) })
  .map(({ zone, year, which, delta }) => {
    const spans = intlZoneSpans(year, zone);
    return { zone, after: spans[which % spans.length]!.from + delta };
  });
const anywhere = fc.record({ zone: fc.constantFrom(...ZONES), after: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2036, 0, 1) }) });

const references = new Map<string, Cron>();

/** The next run as croner in the zone gives it: what cronRule must equal. */
function croner(expression: string, zone: string, after: number): number | undefined {
  const key = `${expression} ${zone}`;
  let cron = references.get(key);
  if (!cron) references.set(key, (cron = new Cron(expression, { timezone: zone, paused: true })));
  return cron.nextRun(new Date(after))?.getTime() ?? undefined;
}

describe('cronRule answers as croner in the zone', () => {
  it('around DST changes, where skipped and repeated hours are', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EXPRESSIONS), near, (expression, { zone, after }) => {
        // Three steps, so that a run inside a repeated hour is followed by the next one.
        const rule = cronRule(expression, zone, 'f');
        let t: number | undefined = after;
        for (let step = 0; step < 3 && t !== undefined; step += 1) {
          const expected = croner(expression, zone, t);
          expect({ expression, zone, t, next: rule.next(t) }).toEqual({ expression, zone, t, next: expected });
          t = expected;
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('at any time', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EXPRESSIONS), anywhere, (expression, { zone, after }) => {
        expect(cronRule(expression, zone, 'f').next(after)).toBe(croner(expression, zone, after));
      }),
      { numRuns: 1500 },
    );
  });
});
