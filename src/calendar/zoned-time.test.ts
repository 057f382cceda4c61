import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber } from './civil-date.js';
import { offsetAt, zonedDate, zonedToUtc } from './zoned-time.js';

/** The offset as Intl states it, read a different way from the code under test. */
function intlOffsetMinutes(t: number, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(t)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name ?? '');
  if (!m) throw new Error(`cannot read offset ${name}`);
  return m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

const zones = ['America/New_York', 'America/Toronto', 'Europe/London'];

describe('zoned time', () => {
  it('has the offset Intl gives at any instant of 2000–2031', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2031, 0, 1) }), fc.constantFrom(...zones), (t, zone) => {
        expect(offsetAt(t, zone) / 60_000).toBe(intlOffsetMinutes(t, zone));
      }),
    );
  });

  it('changes offset at the exact minute of a DST change', () => {
    // New York sprang forward at 02:00 EST = 07:00 UTC on 2024-03-10.
    expect(offsetAt(Date.UTC(2024, 2, 10, 6, 59, 59), 'America/New_York')).toBe(-5 * 3_600_000);
    expect(offsetAt(Date.UTC(2024, 2, 10, 7, 0, 0), 'America/New_York')).toBe(-4 * 3_600_000);
    // London fell back at 02:00 BST = 01:00 UTC on 2024-10-27.
    expect(offsetAt(Date.UTC(2024, 9, 27, 0, 59), 'Europe/London')).toBe(3_600_000);
    expect(offsetAt(Date.UTC(2024, 9, 27, 1, 0), 'Europe/London')).toBe(0);
  });

  it('converts wall times on both sides of a change', () => {
    const ny = 'America/New_York';
    expect(zonedToUtc(dayNumber(2024, 3, 8), 9 * 60 + 30, ny)).toBe(Date.UTC(2024, 2, 8, 14, 30));
    expect(zonedToUtc(dayNumber(2024, 3, 11), 9 * 60 + 30, ny)).toBe(Date.UTC(2024, 2, 11, 13, 30));
    // 02:30 did not exist that night: read with the offset before the change, 02:30 EST, which
    // the clocks showed as 03:30 EDT.
    expect(zonedToUtc(dayNumber(2024, 3, 10), 2 * 60 + 30, ny)).toBe(Date.UTC(2024, 2, 10, 7, 30));
  });

  it('round-trips wall times outside the changeover hours', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayNumber(2000, 1, 1), max: dayNumber(2030, 12, 31) }),
        fc.integer({ min: 4 * 60, max: 23 * 60 + 59 }),
        fc.constantFrom(...zones),
        (date, minutes, zone) => {
          const t = zonedToUtc(date, minutes, zone);
          expect(zonedDate(t, zone)).toBe(date);
          expect(t + offsetAt(t, zone)).toBe(date * 86_400_000 + minutes * 60_000);
        },
      ),
    );
  });
});
