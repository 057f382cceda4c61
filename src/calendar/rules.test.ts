import { describe, expect, it } from 'vitest';
import { FRIDAY, formatDate, parseDate } from './civil-date.js';
import { type HolidayRule, type Observance, holidayDates, parseTime, ruleDate } from './rules.js';

const christmas = (observance: Observance): HolidayRule => ({ name: 'Christmas', date: { kind: 'fixed', month: 12, day: 25 }, observance });
const on = (rule: HolidayRule, year: number, blocked: (d: number) => boolean = () => false): string | undefined => {
  const d = ruleDate(rule, year, blocked);
  return d === undefined ? undefined : formatDate(d);
};

describe('holiday rules', () => {
  it.each([
    // Christmas 2021 was a Saturday, 2022 a Sunday, 2024 a Wednesday.
    ['nearest-weekday', 2021, '2021-12-24'],
    ['nearest-weekday', 2022, '2022-12-26'],
    ['sunday-to-monday', 2021, undefined],
    ['sunday-to-monday', 2022, '2022-12-26'],
    ['next-free-weekday', 2021, '2021-12-27'],
    ['previous-business-day', 2022, '2022-12-23'],
    ['none', 2024, '2024-12-25'],
  ] as const)('%s puts Christmas %i on %s', (observance, year, expected) => {
    expect(on(christmas(observance), year)).toBe(expected);
  });

  it('rolls a substitute day past holidays already taken', () => {
    const boxing: HolidayRule = { name: 'Boxing Day', date: { kind: 'fixed', month: 12, day: 26 }, observance: 'next-free-weekday' };
    const days = holidayDates([christmas('next-free-weekday'), boxing], 2021);
    expect([...days].map(([d, name]) => `${formatDate(d)} ${name}`)).toEqual(['2021-12-27 Christmas', '2021-12-28 Boxing Day']);
  });

  it('applies year limits, weekday filters, offsets and moved days', () => {
    const rule: HolidayRule = {
      name: 'Day after Thanksgiving',
      date: { kind: 'nth-weekday', month: 11, weekday: 4, n: 4 },
      offsetDays: 1,
      fromYear: 2010,
      toYear: 2020,
      movedIn: { 2015: '2015-12-01' },
    };
    expect(on(rule, 2009)).toBeUndefined();
    expect(on(rule, 2010)).toBe('2010-11-26');
    expect(on(rule, 2015)).toBe('2015-12-01');
    expect(on(rule, 2021)).toBeUndefined();
    const fridaysOnly: HolidayRule = { name: 'x', date: { kind: 'fixed', month: 7, day: 5 }, onWeekdays: [FRIDAY] };
    expect(on(fridaysOnly, 2002)).toBe('2002-07-05');
    expect(on(fridaysOnly, 2003)).toBeUndefined();
  });

  it('rolls an early close back past holidays', () => {
    const eve: HolidayRule = { name: 'eve', date: { kind: 'fixed', month: 12, day: 24 }, observance: 'previous-business-day' };
    expect(on(eve, 2024, (d) => d === parseDate('2024-12-24'))).toBe('2024-12-23');
  });

  it('parses HH:MM times and rejects others', () => {
    expect(parseTime('13:00')).toBe(780);
    for (const bad of ['1:00', '24:00', '12:60', '']) expect(() => parseTime(bad)).toThrow(RangeError);
  });
});
