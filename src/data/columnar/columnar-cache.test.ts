import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBarsCsv } from '../csv/parse-bars-csv.js';
import { barsFromColumns } from './columnar-bars.js';
import { cacheFileFor, loadColumnar } from './columnar-cache.js';
import { loadColumnarFolder } from './columnar-folder.js';

const YAHOO = 'Date,Open,High,Low,Close,Volume\n2024-01-02,10,11,9,10.5,500\n2024-01-03,10.5,12,10,11.25,600\n';

describe('the columnar cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-columnar-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('parses a CSV once, then serves the same numbers from the cache', () => {
    const file = join(dir, 'SPY.csv');
    writeFileSync(file, YAHOO);
    const first = loadColumnar(file);
    const second = loadColumnar(file);
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(barsFromColumns(second.columns)).toEqual(parseBarsCsv(YAHOO, file));
    expect(cacheFileFor(file)).toContain(join(dir, '.autofolio-cache'));
  });

  it('reads the Yahoo and backtrader header in any letter case, with or without OpenInterest', () => {
    writeFileSync(join(dir, 'A.csv'), 'date,OPEN,high,LOW,close,VOLUME,openinterest\n2024-01-02,10,11,9,10.5,500,0\n');
    writeFileSync(join(dir, 'B.CSV'), 'DATE,Open,HIGH,Low,CLOSE,Volume\n2024-01-02,20,21,19,20.5,700\n');
    const folder = loadColumnarFolder(dir);
    expect([...folder.series.keys()]).toEqual(['A', 'B']);
    expect(folder.series.get('A')!.close[0]).toBe(10.5);
    expect(folder.series.get('B')!.volume[0]).toBe(700);
    expect(folder.series.get('B')!.time[0]).toBe(Date.UTC(2024, 0, 2));
  });

  it('is invalidated when the CSV changes, even with the same size and modification time', () => {
    const file = join(dir, 'SPY.csv');
    writeFileSync(file, YAHOO);
    loadColumnar(file);
    const before = statSync(file);
    // Same length, one price changed, the time stamp put back: only the hash can tell.
    writeFileSync(file, YAHOO.replace('11.25', '11.75'));
    utimesSync(file, before.atime, before.mtime);
    expect(statSync(file).size).toBe(before.size);
    const again = loadColumnar(file);
    expect(again.cached).toBe(false);
    expect(again.columns.close[1]).toBe(11.75);
    expect(loadColumnar(file).cached).toBe(true);
  });

  it('is invalidated when rows are appended', () => {
    const file = join(dir, 'SPY.csv');
    writeFileSync(file, YAHOO);
    loadColumnar(file);
    writeFileSync(file, `${YAHOO}2024-01-04,11,12,10,11.5,700\n`);
    const again = loadColumnar(file);
    expect(again.cached).toBe(false);
    expect(again.columns.time.length).toBe(3);
  });

  it('rebuilds a damaged cache file and honours a cache folder of its own', () => {
    const file = join(dir, 'SPY.csv');
    const cacheDir = join(dir, 'elsewhere');
    writeFileSync(file, YAHOO);
    loadColumnar(file, { cacheDir });
    const cacheFile = cacheFileFor(file, { cacheDir });
    expect(cacheFile.startsWith(cacheDir)).toBe(true);
    writeFileSync(cacheFile, readFileSync(cacheFile).subarray(0, 40));
    expect(loadColumnar(file, { cacheDir }).cached).toBe(false);
    expect(loadColumnar(file, { cacheDir }).cached).toBe(true);
  });

  it('still works when the cache cannot be written', () => {
    const file = join(dir, 'SPY.csv');
    writeFileSync(file, YAHOO);
    // A file where the cache folder should be makes every write fail.
    writeFileSync(join(dir, 'blocked'), '');
    const cacheDir = join(dir, 'blocked');
    expect(loadColumnar(file, { cacheDir }).columns.close[0]).toBe(10.5);
    expect(loadColumnar(file, { cacheDir }).cached).toBe(false);
  });

  it('names a missing file and refuses a malformed one with its line', () => {
    expect(() => loadColumnar(join(dir, 'NOPE.csv'))).toThrow(/NOPE\.csv: missing file/);
    writeFileSync(join(dir, 'BAD.csv'), 'Date,Open,High,Low,Close,Volume\n2024-01-02,10,11,9,abc,5\n');
    expect(() => loadColumnar(join(dir, 'BAD.csv'))).toThrow(/BAD\.csv:2: close "abc" is not a number/);
  });
});
