import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoTime } from './parse-iso-time.js';

const T = Date.UTC(2025, 10, 14, 15, 30);

describe('parseIsoTime', () => {
  it.each([
    ['2025-11-14T15:30:00Z', T],
    ['2025-11-14T15:30Z', T],
    ['2025-11-14T15:30:00.000Z', T],
    ['2025-11-14 15:30:00+00:00', T],
    ['2025-11-14T10:30:00-05:00', T],
    ['2025-11-14T21:00:00+0530', T],
    ['2025-11-14T17:30:00+02', T],
    ['2025-11-14T15:30:00.123456+00:00', T + 123],
    ['2025-11-14T15:30:00.5Z', T + 500],
  ])('reads %s', (text, expected) => {
    expect(parseIsoTime(text)).toBe(expected);
  });

  it.each(['', '2025-11-14', '2025-11-14T15:30:00', '2025-11-14T15:30:00 UTC', '2025-02-30T00:00:00Z', '2025-11-14T25:00:00Z', '2025-11-14T15:30:00+24:00', '0099-01-01T00:00:00Z', 'yesterday'])(
    'refuses "%s"',
    (text) => {
      expect(parseIsoTime(text)).toBeUndefined();
    },
  );

  it('reads back what toISOString writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) }), (time) => {
        expect(parseIsoTime(new Date(time).toISOString())).toBe(time);
      }),
    );
  });
});
