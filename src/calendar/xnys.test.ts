import { describe, expect, it } from 'vitest';
import { readReferenceTable, weekdaysMissing } from '../../test/fixtures/calendar/reference-table.js';
import { getCalendar } from './get-calendar.js';
import type { Session } from './session.js';

const nyse = getCalendar('XNYS');
const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
const hhmm = (t: number): string => `${iso(t).slice(11, 16)}Z`;
const row = (s: Session) => ({ date: s.date, open: iso(s.open), close: iso(s.close) });

describe('XNYS against the exchange_calendars table, 2000-01-03 to 2023-01-13', () => {
  const table = readReferenceTable('xnys-sessions-2000-2023.csv');

  it('has exactly the sessions of the table, with their open and close', () => {
    const first = table[0]?.date ?? '';
    const last = table[table.length - 1]?.date ?? '';
    expect(nyse.sessions(first, last).map(row)).toEqual(table);
  });

  it('closes on the holidays and one-off closures of the table', () => {
    const missing = weekdaysMissing(table);
    expect(missing).toContain('2001-09-11');
    expect(missing).toContain('2012-10-30');
    for (const date of missing) expect(nyse.session(date), date).toBeUndefined();
  });
});

// Hand-checked against NYSE's published holiday and early-close lists for 2023–2027 and the
// rules for the years after; times in UTC.
const known: Array<[string, string | undefined, string?]> = [
  ['2023-06-19', undefined], // Juneteenth
  ['2023-07-03', '13:30Z … 17:00Z'],
  ['2024-01-01', undefined],
  ['2024-01-15', undefined], // Martin Luther King Jr. Day
  ['2024-03-29', undefined], // Good Friday
  ['2024-06-19', undefined],
  ['2024-07-03', '13:30Z … 17:00Z'], // a Wednesday: early close from 2013 on
  ['2024-07-05', '13:30Z … 20:00Z'],
  ['2024-11-29', '14:30Z … 18:00Z'],
  ['2024-12-24', '14:30Z … 18:00Z'],
  ['2025-01-09', undefined], // mourning for President Carter
  ['2025-04-18', undefined],
  ['2025-07-03', '13:30Z … 17:00Z'],
  ['2025-12-24', '14:30Z … 18:00Z'],
  ['2026-01-19', undefined],
  ['2026-04-03', undefined], // Good Friday
  ['2026-06-19', undefined],
  ['2026-07-02', '13:30Z … 20:00Z'], // 4 July on a Saturday: no early close the day before the holiday
  ['2026-07-03', undefined], // Independence Day observed on Friday
  ['2026-11-27', '14:30Z … 18:00Z'],
  ['2026-12-24', '14:30Z … 18:00Z'],
  ['2027-06-18', undefined], // Juneteenth on a Saturday, observed Friday
  ['2027-07-05', undefined], // Independence Day on a Sunday, observed Monday
  ['2027-12-24', undefined], // Christmas on a Saturday, observed Friday
  ['2027-12-31', '14:30Z … 21:00Z'], // New Year's Day 2028 is a Saturday: not observed
  ['2028-01-03', '14:30Z … 21:00Z'],
  ['2028-04-14', undefined],
  ['2029-03-30', undefined],
  ['2029-12-24', '14:30Z … 18:00Z'],
  ['2030-04-19', undefined],
  ['2030-05-27', undefined], // Memorial Day
  ['2030-07-03', '13:30Z … 17:00Z'],
  ['2030-11-28', undefined], // Thanksgiving
  ['2030-11-29', '14:30Z … 18:00Z'],
];

describe('XNYS known sessions 2023–2030', () => {
  it.each(known)('%s', (date, hours) => {
    const s = nyse.session(date);
    expect(s && `${hhmm(s.open)} … ${hhmm(s.close)}`).toEqual(hours);
  });

  it('marks early closes, and only those', () => {
    expect(nyse.session('2024-12-24')?.earlyClose).toBe(true);
    expect(nyse.session('2024-12-23')?.earlyClose).toBe(false);
  });

  it('counts the sessions of full years', () => {
    expect(nyse.sessions('2024-01-01', '2024-12-31')).toHaveLength(252);
    expect(nyse.sessions('2025-01-01', '2025-12-31')).toHaveLength(250);
  });
});
