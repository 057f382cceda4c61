import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadColumnarFolder } from '../columnar/columnar-folder.js';
import { CsvMarketData } from './csv-market-data.js';
import { parseActionsCsv, readActionsFile } from './parse-actions-csv.js';

describe('actions files (<SYMBOL>.actions.csv)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-actions-csv-'));
    writeFileSync(join(dir, 'ABC.csv'), 'Date,Open,High,Low,Close,Adj Close,Volume\n2024-06-07,400,401,399,400,390,1000\n2024-06-10,100,101,99,100,98,4000\n');
    writeFileSync(join(dir, 'ABC.actions.csv'), 'Date,Action,Value\r\n2024-03-15,dividend,0.52\r\n2024-06-10,split,4\r\n2024-06-10,dividend,0.13\r\n');
    writeFileSync(join(dir, 'XYZ.csv'), 'Date,Open,High,Low,Close,Volume\n2024-06-07,10,11,9,10,1000\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads splits and dividends oldest first, each at its ex-date\'s midnight UTC', async () => {
    expect(await readActionsFile(join(dir, 'ABC.actions.csv'))).toEqual([
      { kind: 'dividend', date: '2024-03-15', time: Date.UTC(2024, 2, 15), value: 0.52 },
      { kind: 'split', date: '2024-06-10', time: Date.UTC(2024, 5, 10), value: 4 },
      { kind: 'dividend', date: '2024-06-10', time: Date.UTC(2024, 5, 10), value: 0.13 },
    ]);
  });

  it('a missing file means no actions; the market data serves them beside the bars, and the folder does not take them for a symbol', async () => {
    expect(await readActionsFile(join(dir, 'XYZ.actions.csv'))).toEqual([]);
    const data = new CsvMarketData({ dir, symbols: ['ABC', 'XYZ'] });
    expect((await data.actions('ABC')).map((a) => a.kind)).toEqual(['dividend', 'split', 'dividend']);
    expect(await data.actions('XYZ')).toEqual([]);
    const folder = loadColumnarFolder(dir, undefined, { cacheDir: join(dir, 'cache') });
    expect([...folder.series.keys()]).toEqual(['ABC', 'XYZ']);
    expect([...folder.actions.keys()]).toEqual(['ABC']);
  });

  it.each([
    ['', /ABC\.actions\.csv:1: empty file/],
    ['Date,Kind,Value\n', /:1: header "Date,Kind,Value": expected Date,Action,Value/],
    ['Date,Action,Value\n2024-02-30,split,2\n', /:2: date "2024-02-30" is not a calendar date YYYY-MM-DD/],
    ['Date,Action,Value\n2024-06-10,spinoff,2\n', /:2: action "spinoff": expected split or dividend/],
    ['Date,Action,Value\n2024-06-10,dividend,-0.5\n', /:2: dividend value "-0.5" must be a positive number/],
    ['Date,Action,Value\n2024-06-10,split,1\n', /:2: split ratio 1 is not a split/],
    ['Date,Action,Value\n2024-06-10,split,4\n2024-06-10,split,2\n', /:3: a second split on 2024-06-10/],
    ['Date,Action,Value\n2024-06-10,split,4\n2024-01-10,dividend,1\n', /:3: date 2024-01-10 is before the previous row's \(2024-06-10\): rows must be oldest first/],
    ['Date,Action,Value\n2024-06-10,split\n', /:2: 2 fields, expected 3/],
    ['Date,Action,Value\n\n2024-06-10,split,4\n', /:2: blank line in the middle of the file/],
  ])('refuses %j, naming the file and the line', (text, message) => {
    expect(() => parseActionsCsv(text, 'ABC.actions.csv')).toThrow(message);
  });

  it('a header alone is a file with no actions', () => {
    expect(parseActionsCsv('Date,Action,Value\n', 'ABC.actions.csv')).toEqual([]);
  });
});
