import { describe, expect, it } from 'vitest';
import { getCalendar } from './get-calendar.js';

const tsx = getCalendar('XTSE');
const hhmm = (t: number): string => `${new Date(t).toISOString().slice(11, 16)}Z`;

describe('XTSE', () => {
  it('closes on exactly the TMX trading holidays of 2024', () => {
    const weekdays = new Set<string>();
    for (let d = Date.UTC(2024, 0, 1); d <= Date.UTC(2024, 11, 31); d += 86_400_000) {
      const day = new Date(d).getUTCDay();
      if (day !== 0 && day !== 6) weekdays.add(new Date(d).toISOString().slice(0, 10));
    }
    for (const s of tsx.sessions('2024-01-01', '2024-12-31')) weekdays.delete(s.date);
    expect([...weekdays]).toEqual([
      '2024-01-01',
      '2024-02-19', // Family Day
      '2024-03-29',
      '2024-05-20', // Victoria Day
      '2024-07-01',
      '2024-08-05', // Civic Holiday
      '2024-09-02',
      '2024-10-14', // Thanksgiving
      '2024-12-25',
      '2024-12-26',
    ]);
  });

  it.each([
    ['2024-12-24', '14:30Z … 18:00Z'], // Christmas Eve, 13:00 Toronto
    ['2024-06-03', '13:30Z … 20:00Z'], // daylight saving time
    ['2024-01-02', '14:30Z … 21:00Z'],
    ['2007-02-19', '14:30Z … 21:00Z'], // no Family Day before 2008
    ['2009-12-24', '14:30Z … 21:00Z'], // no early close before 2010
    ['2001-09-11', undefined],
    ['2021-05-24', undefined], // Victoria Day on 24 May itself
    ['2022-12-27', undefined], // Christmas on a Sunday: Monday and Tuesday closed
    ['2023-01-02', undefined], // New Year's Day on a Sunday
    ['2027-12-28', undefined], // Christmas on a Saturday: Boxing Day moves to Tuesday
  ] as const)('%s', (date, hours) => {
    const s = tsx.session(date);
    expect(s && `${hhmm(s.open)} … ${hhmm(s.close)}`).toEqual(hours);
  });
});
