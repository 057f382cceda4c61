import { describe, expect, it } from 'vitest';
import { readReferenceTable, weekdaysMissing } from '../../test/fixtures/calendar/reference-table.js';
import { getCalendar } from './get-calendar.js';
import type { Session } from './session.js';

const lse = getCalendar('XLON');
const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
const hhmm = (t: number): string => `${iso(t).slice(11, 16)}Z`;
const row = (s: Session) => ({ date: s.date, open: iso(s.open), close: iso(s.close) });

describe('XLON against the exchange_calendars table, 2000-01-04 to 2023-09-12', () => {
  const table = readReferenceTable('xlon-sessions-2000-2023.csv');

  it('has exactly the sessions of the table, with their open and close', () => {
    const first = table[0]?.date ?? '';
    const last = table[table.length - 1]?.date ?? '';
    expect(lse.sessions(first, last).map(row)).toEqual(table);
  });

  it('closes on the bank holidays and one-off closures of the table', () => {
    const missing = weekdaysMissing(table);
    expect(missing).toEqual(expect.arrayContaining(['2011-04-29', '2020-05-08', '2022-09-19', '2023-05-08']));
    for (const date of missing) expect(lse.session(date), date).toBeUndefined();
  });
});

// Hand-checked against the gov.uk bank holiday list (to 2027) and the rules after; times UTC.
const known: Array<[string, string | undefined]> = [
  ['2023-12-21', '08:00Z … 16:30Z'],
  ['2023-12-22', '08:00Z … 12:30Z'], // 24 December on a Sunday: the Friday before closes early
  ['2023-12-29', '08:00Z … 12:30Z'], // 31 December on a Sunday: the Friday before closes early
  ['2024-01-01', undefined],
  ['2024-03-29', undefined],
  ['2024-04-01', undefined], // Easter Monday
  ['2024-05-06', undefined],
  ['2024-05-27', undefined],
  ['2024-07-01', '07:00Z … 15:30Z'], // British Summer Time
  ['2024-08-26', undefined],
  ['2024-12-24', '08:00Z … 12:30Z'],
  ['2024-12-26', undefined],
  ['2025-05-05', undefined],
  ['2026-12-24', '08:00Z … 12:30Z'],
  ['2026-12-28', undefined], // Boxing Day on a Saturday, substitute Monday
  ['2027-12-24', '08:00Z … 12:30Z'],
  ['2027-12-27', undefined], // Christmas on a Saturday, substitute Monday
  ['2027-12-28', undefined], // and Boxing Day on Tuesday
  ['2027-12-31', '08:00Z … 12:30Z'],
  ['2028-01-03', undefined], // New Year's Day on a Saturday, substitute Monday
  ['2030-04-22', undefined], // Easter Monday
];

describe('XLON known sessions 2023–2030', () => {
  it.each(known)('%s', (date, hours) => {
    const s = lse.session(date);
    expect(s && `${hhmm(s.open)} … ${hhmm(s.close)}`).toEqual(hours);
  });
});
