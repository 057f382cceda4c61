import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MarketDataError } from '../market-data.js';
import { MAX_PRICE, parseBarsCsv } from './parse-bars-csv.js';
import { thrownBy } from '../../../test/thrown-by.js';

const HEADER = 'time,open,high,low,close,volume';
const ROW_1 = '2025-11-14T14:30:00Z,100,101,99,100.5,1200';
const ROW_2 = '2025-11-14T15:30:00Z,100.5,102,100,101,900';

function errorOf(text: string): MarketDataError {
  return thrownBy(MarketDataError, () => parseBarsCsv(text, 'SPY.csv'));
}

describe('parseBarsCsv', () => {
  it('reads the project layout with ISO times as bar starts', () => {
    const bars = parseBarsCsv(`${HEADER}\n${ROW_1}\n${ROW_2}\n`, 'SPY.csv');
    expect(bars).toEqual([
      { time: Date.UTC(2025, 10, 14, 14, 30), open: 100, high: 101, low: 99, close: 100.5, volume: 1200 },
      { time: Date.UTC(2025, 10, 14, 15, 30), open: 100.5, high: 102, low: 100, close: 101, volume: 900 },
    ]);
  });

  it('reads a Yahoo file with Adj Close, CRLF line ends and a byte order mark', () => {
    const text = '\uFEFFDate,Open,High,Low,Close,Adj Close,Volume\r\n2025-11-13,10,11,9,10.5,10.4,500\r\n2025-11-14,10.5,12,10,11,10.9,600\r\n';
    const bars = parseBarsCsv(text, 'SPY.csv');
    expect(bars.map((bar) => bar.time)).toEqual([Date.UTC(2025, 10, 13), Date.UTC(2025, 10, 14)]);
    expect(bars[1]!.close).toBe(11);
  });

  it('reads a backtrader file with OpenInterest, columns in any case and order', () => {
    const text = 'DATE,close,OPEN,High,Low,Volume,OpenInterest\n2025-11-14,10.5,10,11,9,100,0';
    expect(parseBarsCsv(text, 'X.csv')).toEqual([{ time: Date.UTC(2025, 10, 14), open: 10, high: 11, low: 9, close: 10.5, volume: 100 }]);
  });

  it('returns frozen bars', () => {
    const [bar] = parseBarsCsv(`${HEADER}\n${ROW_1}`, 'SPY.csv');
    expect(Object.isFrozen(bar)).toBe(true);
  });

  it.each([
    ['a header only', `${HEADER}\n`, 1, 'header only'],
    ['an empty file', '', 1, 'empty file'],
    ['a missing column', 'time,open,high,low,close\n2025-11-14,1,1,1,1', 1, 'missing column "volume"'],
    ['an unknown column', `${HEADER},vwap\n${ROW_1},100`, 1, 'unknown column'],
    ['both time and date', `time,date,open,high,low,close,volume`, 1, 'both'],
    ['a repeated column', 'time,open,open,high,low,close,volume', 1, 'twice'],
    ['a non-numeric field', `${HEADER}\n2025-11-14T14:30:00Z,abc,101,99,100,1`, 2, 'open "abc" is not a number'],
    ['a hexadecimal field', `${HEADER}\n2025-11-14T14:30:00Z,0x10,101,99,100,1`, 2, 'not a number'],
    ['an empty field', `${HEADER}\n2025-11-14T14:30:00Z,100,,99,100,1`, 2, 'empty high'],
    ['a row cut short', `${HEADER}\n${ROW_1}\n2025-11-14T15:30:00Z,100,10`, 3, 'cut short'],
    ['a row too long', `${HEADER}\n${ROW_1},7`, 2, '7 fields'],
    ['a blank line in the middle', `${HEADER}\n${ROW_1}\n\n${ROW_2}`, 3, 'blank line'],
    ['a zero price', `${HEADER}\n2025-11-14T14:30:00Z,100,101,0,100,1`, 2, 'low 0 must be positive'],
    ['a negative price', `${HEADER}\n2025-11-14T14:30:00Z,-1,101,99,100,1`, 2, 'must be positive'],
    ['an infinite price', `${HEADER}\n2025-11-14T14:30:00Z,1e999,101,99,100,1`, 2, 'finite'],
    ['an absurd price', `${HEADER}\n2025-11-14T14:30:00Z,2e7,3e7,1e7,2e7,1`, 2, 'absurd'],
    ['high below low', `${HEADER}\n2025-11-14T14:30:00Z,100,99,101,100,1`, 2, 'below low'],
    ['open above high', `${HEADER}\n2025-11-14T14:30:00Z,102,101,99,100,1`, 2, 'open 102 is outside'],
    ['close below low', `${HEADER}\n2025-11-14T14:30:00Z,100,101,99,98.9,1`, 2, 'close 98.9 is outside'],
    ['a negative volume', `${HEADER}\n2025-11-14T14:30:00Z,100,101,99,100,-5`, 2, 'negative volume'],
    ['a duplicate timestamp', `${HEADER}\n${ROW_1}\n${ROW_1}`, 3, 'duplicate timestamp'],
    ['rows out of order', `${HEADER}\n${ROW_2}\n${ROW_1}`, 3, 'oldest first'],
    ['a time without zone', `${HEADER}\n2025-11-14T14:30:00,100,101,99,100,1`, 2, 'unparseable time'],
    ['a date that does not exist', `${HEADER}\n2025-02-30,100,101,99,100,1`, 2, 'unparseable time'],
    ['an hour that does not exist', `${HEADER}\n2025-11-14T24:00:00Z,100,101,99,100,1`, 2, 'unparseable time'],
    ['bytes that are not UTF-8 (decoded as U+FFFD)', `${HEADER}\n${ROW_1}\n2025-11-14T15:30:00Z,100.5,102,100,101,9\uFFFD0\n`, 3, 'not UTF-8'],
    ['UTF-16 text (a NUL beside every letter)', 't\u0000i\u0000m\u0000e\u0000', 1, 'NUL byte'],
  ])('refuses %s, naming file and line', (_name, text, line, message) => {
    const error = errorOf(text);
    expect(error.file).toBe('SPY.csv');
    expect(error.line).toBe(line);
    expect(error.message).toContain(`SPY.csv:${line}: `);
    expect(error.message).toContain(message);
  });

  it('tolerates open and close a rounding error outside the range', () => {
    // open exceeds high by 4e-5, inside the 1e-6 relative slack (1e-4 at this price).
    const bars = parseBarsCsv(`${HEADER}\n2025-11-14,100.00005,100.00001,99,99.99999,0`, 'X.csv');
    expect(bars).toHaveLength(1);
  });

  // Its speed is measured by `npm run bench` (which parses 500 such files cold), not here: a
  // timed assertion fails on a busy machine without telling anything about the code.
  it('parses a 2,520-row file', () => {
    const rows = [HEADER];
    const start = Date.UTC(2015, 0, 1);
    for (let i = 0; i < 2520; i += 1) rows.push(`${new Date(start + i * 3_600_000).toISOString()},100.25,101.5,99.75,100.5,123456`);
    const bars = parseBarsCsv(rows.join('\n'), 'big.csv');
    expect(bars).toHaveLength(2520);
    expect(bars[2519]).toEqual({ time: start + 2519 * 3_600_000, open: 100.25, high: 101.5, low: 99.75, close: 100.5, volume: 123456 });
  });
});

describe('reading numbers', () => {
  it('reads every plain decimal exactly as Number() does', () => {
    const digitString = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
    fc.assert(
      fc.property(digitString(1, 6), fc.option(digitString(0, 14)), fc.integer({ min: 0, max: 9 }).map(String), (whole, fraction, last) => {
        const price = `${whole}${last}${fraction === null ? '' : `.${fraction}`}`;
        const value = Number(price);
        fc.pre(value > 0 && value <= MAX_PRICE);
        const [bar] = parseBarsCsv(`time,open,high,low,close,volume\n2025-11-14,${price},${price},${price},${price},${price}\n`, 'A.csv');
        expect(bar!.close).toBe(value);
        expect(bar!.volume).toBe(value);
      }),
    );
  });

  it('reads a row the same whether it is plain or needs trimming', () => {
    // Padded fields leave the one-pass reader for parseRow's: both must give the same bars.
    const price = fc.integer({ min: 1, max: 99_999_999 }).map((cents) => (cents / 100).toFixed(2));
    const row = fc.tuple(fc.integer({ min: 0, max: 20_000 }), price, price, price, price, fc.nat()).map(([day, ...fields]) => {
      const [a, b, c, d, volume] = fields as [string, string, string, string, number];
      const sorted = [a, b, c, d].sort((x, y) => Number(x) - Number(y));
      return { day, fields: [sorted[1]!, sorted[3]!, sorted[0]!, sorted[2]!, String(volume)] };
    });
    fc.assert(
      fc.property(fc.uniqueArray(row, { minLength: 1, maxLength: 20, selector: (r) => r.day }), fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }), (rows, padded) => {
        const ordered = [...rows].sort((x, y) => x.day - y.day);
        const date = (day: number) => new Date(Date.UTC(1990, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
        const plain = ordered.map((r) => [date(r.day), ...r.fields].join(','));
        const mixed = ordered.map((r, i) => [date(r.day), ...r.fields].map((f) => (padded[i] ? ` ${f} ` : f)).join(','));
        const header = 'Date,Open,High,Low,Close,Volume\n';
        expect(parseBarsCsv(header + mixed.join('\r\n'), 'A.csv')).toEqual(parseBarsCsv(header + plain.join('\n'), 'A.csv'));
      }),
    );
  });
});

