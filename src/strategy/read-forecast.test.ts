import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForecastError } from './forecast-error.js';
import { parseForecast, readForecast, type ReadForecastOptions } from './read-forecast.js';
import { thrownBy } from '../../test/thrown-by.js';
import '../../test/fast-check-seed.js';

const NOW = Date.UTC(2025, 11, 1, 15, 30);
const AS_OF = '2025-12-01T15:00:00.000Z';
const OPTIONS: ReadForecastOptions = { knownSymbols: ['SPY', 'TLT'], allowShort: false, maxGrossLeverage: 2, now: NOW, maxAgeMs: 120 * 60_000 };
const HEADER = 'symbol,weight,leverage,as_of,source';

function csvError(text: string, options: Partial<ReadForecastOptions> = {}): ForecastError {
  return errorOf(() => parseForecast(text, 'forecast.csv', { ...OPTIONS, ...options }));
}

function jsonError(document: unknown, options: Partial<ReadForecastOptions> = {}): ForecastError {
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  return errorOf(() => parseForecast(text, 'forecast.json', { ...OPTIONS, ...options }));
}

function errorOf(read: () => unknown): ForecastError {
  return thrownBy(ForecastError, read);
}

const good = { asOf: AS_OF, source: 'model', leverage: 1, weights: { SPY: 0.6, TLT: 0.4 } };

describe('parseForecast, CSV', () => {
  it('reads a valid file, in any column order, with pandas-style times and blank lines', () => {
    const text = `source,symbol,as_of,weight,leverage\r\nmy model,SPY,2025-12-01 15:00:00.123456+00:00,0.6,1.5\r\n\r\nmy model,TLT,2025-12-01 10:00:00.123-05:00,0.4,1.50\r\n`;
    expect(parseForecast(text, 'f.csv', OPTIONS)).toEqual({ asOf: Date.UTC(2025, 11, 1, 15, 0, 0, 123), source: 'my model', leverage: 1.5, weights: new Map([['SPY', 0.6], ['TLT', 0.4]]) });
  });

  it.each([
    ['an empty file', '', undefined, 'empty file'],
    ['a bad header', 'symbol,weight,leverage,asof,source\nSPY,1,1,x,y', 1, 'unknown column "asof"'],
    ['a missing column', 'symbol,weight,leverage,as_of\nSPY,1,1,x', 1, 'missing source'],
    ['a pandas index column', `,${HEADER}\n0,SPY,1,1,${AS_OF},m`, 1, 'index=False'],
    ['a header only', `${HEADER}\n`, 2, 'no rows'],
    ['a missing symbol (a file cut at a line end)', `${HEADER}\nSPY,0.5,1,${AS_OF},m\n`, 3, 'no weight for TLT'],
    ['a last row without its line end (a file cut in the last field)', `${HEADER}\nSPY,0.5,1,${AS_OF},m\nTLT,0.5,1,${AS_OF},m`, 3, 'no line end'],
    ['bytes that are not UTF-8', `${HEADER}\nSPY,0.5,1,${AS_OF},m\nTLT,0.5,1,${AS_OF},caf\uFFFD\n`, 3, 'not UTF-8'],
    ['UTF-16 text', `s\u0000y\u0000`, 1, 'NUL byte'],
    ['an unknown symbol', `${HEADER}\nSPY,0.5,1,${AS_OF},m\nQQQ,0.5,1,${AS_OF},m`, 3, 'unknown symbol "QQQ"'],
    ['a NaN weight', `${HEADER}\nSPY,NaN,1,${AS_OF},m`, 2, 'weight "NaN" is not a number'],
    ['a non-numeric weight', `${HEADER}\nSPY,half,1,${AS_OF},m`, 2, 'weight "half" is not a number'],
    ['an empty weight', `${HEADER}\nSPY,,1,${AS_OF},m`, 2, 'weight "" is not a number'],
    ['an infinite weight', `${HEADER}\nSPY,1e999,1,${AS_OF},m`, 2, 'not a finite number'],
    ['a short weight', `${HEADER}\nSPY,1.2,1,${AS_OF},m\nTLT,-0.2,1,${AS_OF},m`, 3, 'short weight -0.2 for TLT'],
    ['a duplicate symbol', `${HEADER}\nSPY,0.5,1,${AS_OF},m\nTLT,0.2,1,${AS_OF},m\nSPY,0.3,1,${AS_OF},m`, 4, 'duplicate symbol "SPY", also on line 2'],
    ['a duplicate symbol whose weight is no number', `${HEADER}\nSPY,0.5,1,${AS_OF},m\nTLT,0.2,1,${AS_OF},m\nSPY,half,1,${AS_OF},m\n`, 4, 'duplicate symbol "SPY", also on line 2'],
    ['a non-numeric weight after the first row', `${HEADER}\nSPY,0.5,1,${AS_OF},m\nTLT,half,1,${AS_OF},m\n`, 3, 'weight "half" is not a number'],
    ['an infinite weight after the first row', `${HEADER}\nSPY,0.5,1,${AS_OF},m\nTLT,-1e999,1,${AS_OF},m\n`, 3, 'not a finite number'],
    ['an empty symbol after the first row', `${HEADER}\nSPY,0.5,1,${AS_OF},m\n ,half,1,${AS_OF},m\n`, 3, 'empty symbol'],
    ['a stale as-of', `${HEADER}\nSPY,1,1,2025-12-01T13:29:00Z,m`, 2, 'stale'],
    ['an as-of in the future', `${HEADER}\nSPY,1,1,2025-12-01T15:32:00Z,m`, 2, 'in the future'],
    ['an as-of without zone', `${HEADER}\nSPY,1,1,2025-12-01T15:00:00,m`, 2, 'with a zone'],
    ['a zero leverage', `${HEADER}\nSPY,1,0,${AS_OF},m`, 2, 'leverage 0 must be a positive number'],
    ['a negative leverage', `${HEADER}\nSPY,1,-1,${AS_OF},m`, 2, 'leverage -1 must be a positive number'],
    ['rows disagreeing on leverage', `${HEADER}\nSPY,0.5,1,${AS_OF},m\nTLT,0.5,1.1,${AS_OF},m`, 3, 'leverage 1.1 differs from 1 on line 2'],
    ['rows disagreeing on as_of', `${HEADER}\nSPY,0.5,1,${AS_OF},m\nTLT,0.5,1,2025-12-01T15:01:00Z,m`, 3, 'as_of 2025-12-01T15:01:00Z differs'],
    ['rows disagreeing on source', `${HEADER}\nSPY,0.5,1,${AS_OF},a\nTLT,0.5,1,${AS_OF},b`, 3, 'source "b" differs'],
    ['an empty source', `${HEADER}\nSPY,1,1,${AS_OF},`, 2, 'empty source'],
    ['a row cut short', `${HEADER}\nSPY,0.5,1,${AS_OF},m\nTLT,0.`, 3, '2 fields'],
    ['broken quoting', `${HEADER}\nSPY,1,1,${AS_OF},"m`, 2, 'not closed'],
  ])('refuses %s, naming the line', (_name, text, line, message) => {
    const error = csvError(text);
    expect(error.line).toBe(line);
    expect(error.message).toContain(line === undefined ? 'forecast.csv: ' : `forecast.csv:${line}: `);
    expect(error.message).toContain(message);
  });

  it('refuses gross exposure over the cap, and allows it up to the cap', () => {
    expect(csvError(`${HEADER}\nSPY,0.8,2.5,${AS_OF},m\nTLT,0.1,2.5,${AS_OF},m`).message).toMatch(/forecast\.csv:2: gross exposure .* = 2\.25 exceeds risk\.maxGrossLeverage 2/);
    expect(parseForecast(`${HEADER}\nSPY,0.6,2,${AS_OF},m\nTLT,0.4,2,${AS_OF},m\n`, 'f.csv', OPTIONS).leverage).toBe(2);
  });

  it('counts short weights in the gross exposure and accepts them when shorting is on', () => {
    const text = `${HEADER}\nSPY,1.5,1,${AS_OF},m\nTLT,-0.4,1,${AS_OF},m\n`;
    expect(parseForecast(text, 'f.csv', { ...OPTIONS, allowShort: true }).weights.get('TLT')).toBe(-0.4);
    expect(csvError(text, { allowShort: true, maxGrossLeverage: 1.8 }).message).toContain('gross exposure');
  });

  it('reads a row that repeats the first row\'s text after its weight as one written out in full', () => {
    // Tails that read as the first row's (1, the as-of, source m) in other words, and tails that do not.
    const same = ['1,' + AS_OF + ',m', ' 1.0 ,' + AS_OF + ', m ', '1,"' + AS_OF + '",m', '1,' + AS_OF.replace('.000Z', 'Z') + ',m'];
    const broken = [['1.5,' + AS_OF + ',m', 'leverage 1.5 differs'], ['1,' + AS_OF + ',n', 'source "n" differs'], ['1,' + AS_OF + ',m,x', '6 fields'], ['1,' + AS_OF, '4 fields'], ['x,1,' + AS_OF + ',m', '6 fields']] as const;
    const symbols = Array.from({ length: 6 }, (_, i) => `S${i}`);
    const row = fc.record({ pad: fc.constantFrom('', ' ', '  ', '\t', '\u00a0', ' \ufeff'), weight: fc.integer({ min: 0, max: 100 }), tail: fc.nat({ max: same.length + broken.length - 1 }) });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: symbols.length }), (drawn) => {
        // The first row's tail is one of the equivalent ones: it sets what the others must repeat.
        const rows = drawn.map((r, i) => (i === 0 ? { ...r, tail: r.tail % same.length } : r));
        const lines = rows.map((r, i) => `${r.pad}${symbols[i]!}${r.pad},${r.pad}${r.weight / 1000}${r.pad},${r.tail < same.length ? same[r.tail]! : broken[r.tail - same.length]![0]}`);
        const text = `${HEADER}\n${lines.join('\n')}\n`;
        const options = { ...OPTIONS, knownSymbols: symbols.slice(0, rows.length) };
        // A tail that does not read as the first row's is refused on its own line.
        const firstBroken = rows.findIndex((r) => r.tail >= same.length);
        if (firstBroken < 0) {
          const read = parseForecast(text, 'forecast.csv', options);
          expect([...read.weights]).toEqual(rows.map((r, i) => [symbols[i]!, r.weight / 1000]));
          expect({ leverage: read.leverage, source: read.source, asOf: read.asOf }).toEqual({ leverage: 1, source: 'm', asOf: Date.parse(AS_OF) });
        } else {
          const error = csvError(text, options);
          expect(error.line).toBe(firstBroken + 2);
          expect(error.message).toContain(broken[rows[firstBroken]!.tail - same.length]![1]);
        }
      }),
    );
  });
});

describe('parseForecast, JSON', () => {
  it('reads a valid file', () => {
    expect(parseForecast(JSON.stringify(good), 'f.json', OPTIONS)).toEqual({ asOf: Date.parse(AS_OF), source: 'model', leverage: 1, weights: new Map([['SPY', 0.6], ['TLT', 0.4]]) });
  });

  it.each([
    ['a missing symbol', { ...good, weights: { SPY: 1 } }, 'weights.TLT', 'no weight for TLT'],
    ['a top level that is not an object', '[1, 2]', undefined, 'top level must be an object'],
    ['an unknown field', { ...good, leverge: 1 }, 'leverge', 'unknown field'],
    ['a missing asOf', { ...good, asOf: undefined }, 'asOf', 'got nothing'],
    ['an asOf that is not a time', { ...good, asOf: 'yesterday' }, 'asOf', 'not an ISO-8601 time'],
    ['a stale asOf', { ...good, asOf: '2025-12-01T13:00:00Z' }, 'asOf', 'stale'],
    ['an asOf in the future', { ...good, asOf: '2025-12-01T16:00:00Z' }, 'asOf', 'in the future'],
    ['a source that is not a string', { ...good, source: 7 }, 'source', 'must be a string'],
    ['a leverage that is a string', { ...good, leverage: '1' }, 'leverage', 'must be a number, got string "1"'],
    ['a zero leverage', { ...good, leverage: 0 }, 'leverage', 'positive'],
    ['weights as an array', { ...good, weights: [0.5] }, 'weights', 'got an array'],
    ['no weights', { ...good, weights: {} }, 'weights', 'is empty'],
    ['a weight that is not a number', { ...good, weights: { SPY: '0.5' } }, 'weights.SPY', 'must be a number'],
    ['a null weight (NaN through a JSON encoder)', { ...good, weights: { SPY: null } }, 'weights.SPY', 'got null'],
    ['an unknown symbol', { ...good, weights: { SPY: 0.5, QQQ: 0.5 } }, 'weights.QQQ', 'unknown symbol "QQQ"'],
    ['a short weight', { ...good, weights: { SPY: 1, TLT: -0.1 } }, 'weights.TLT', 'short weight'],
    ['a duplicate symbol', `{"asOf":"${AS_OF}","source":"m","leverage":1,"weights":{"SPY":0.5,"TLT":0.2,"SPY":0.3}}`, 'weights.SPY', 'appears twice'],
  ])('refuses %s, naming the field', (_name, document, field, message) => {
    const error = jsonError(document);
    expect(error.field).toBe(field);
    expect(error.message).toContain(field === undefined ? 'forecast.json: ' : `forecast.json at ${field}: `);
    expect(error.message).toContain(message);
  });

  it('refuses malformed JSON, naming the line of the defect', () => {
    const error = jsonError('{\n  "asOf": "x",\n  "source": ]\n}');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^forecast\.json:3: malformed JSON/);
    expect(jsonError('{"asOf": "x",\n').line).toBe(2);
  });

  it('refuses gross exposure over the cap', () => {
    expect(jsonError({ ...good, leverage: 2.5 }).message).toMatch(/forecast\.json at leverage: gross exposure .* exceeds risk\.maxGrossLeverage 2/);
  });
});

describe('readForecast', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'autofolio-forecast-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names a missing file', async () => {
    await expect(readForecast(join(dir, 'none.csv'), OPTIONS)).rejects.toThrow(/none\.csv: missing/);
  });

  it('names an empty file', async () => {
    await writeFile(join(dir, 'empty.json'), '  \n');
    await expect(readForecast(join(dir, 'empty.json'), OPTIONS)).rejects.toThrow(/empty\.json: empty file/);
  });

  it('refuses a file that is neither .csv nor .json', async () => {
    await expect(readForecast(join(dir, 'forecast.txt'), OPTIONS)).rejects.toThrow(ForecastError);
  });
});
