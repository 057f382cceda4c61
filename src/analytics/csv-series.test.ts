import { describe, expect, it } from 'vitest';
import { parseSeriesCsv, SeriesFileError } from './csv-series.js';

const equity = { valueName: 'equity', increasing: true };

describe('parseSeriesCsv', () => {
  it('reads date,value rows with CRLF or LF and a trailing blank line', () => {
    expect(parseSeriesCsv('date,equity\r\n2024-01-02,100\r\n2024-01-03T21:00:00Z,101.5\n\n', 'e.csv', equity)).toEqual([
      { date: '2024-01-02', value: 100 },
      { date: '2024-01-03', value: 101.5 },
    ]);
  });

  it.each([
    ['date,equity\n2024-01-02,100\n2024-01-03,abc\n', /e\.csv:3: equity "abc" is not a number/],
    ['date,equity\n2024-13-02,100\n', /e\.csv:2: "2024-13-02" is not a date/],
    ['date,equity\n2024-01-03,100\n2024-01-02,101\n', /e\.csv:3: date 2024-01-02 does not come after 2024-01-03/],
    ['day,equity\n2024-01-02,100\n', /e\.csv:1: the header must be "date,equity"/],
    ['date,equity\n2024-01-02,100,7\n', /e\.csv:2: expected 2 fields/],
    ['date,equity\n', /e\.csv: has no rows/],
  ])('refuses %j naming the file and line', (text, message) => {
    expect(() => parseSeriesCsv(text, 'e.csv', equity)).toThrow(SeriesFileError);
    expect(() => parseSeriesCsv(text, 'e.csv', equity)).toThrow(message);
  });

  it('lets cash flows share a date', () => {
    expect(parseSeriesCsv('date,amount\n2024-01-02,100\n2024-01-02,-50\n', 'f.csv', { valueName: 'amount', increasing: false })).toHaveLength(2);
  });
});
