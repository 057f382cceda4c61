import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBarsCsv } from '../csv/parse-bars-csv.js';
import { barsFromColumns } from './columnar-bars.js';
import { cacheFileFor, loadColumnarFiles } from './columnar-cache.js';
import { loadColumnarFolder } from './columnar-folder.js';

const YAHOO = 'Date,Open,High,Low,Close,Volume\n2024-01-02,10,11,9,10.5,500\n2024-01-03,10.5,12,10,11.25,600\n';

describe('the columnar cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-columnar-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('parses a CSV once, then serves the same numbers from the cache', () => {
    writeFileSync(join(dir, 'SPY.csv'), YAHOO);
    writeFileSync(join(dir, 'TLT.csv'), YAHOO.replace('11.25', '11.5'));
    const first = loadColumnarFolder(dir);
    const second = loadColumnarFolder(dir);
    expect([first.parsed, first.cacheHits]).toEqual([2, 0]);
    expect([second.parsed, second.cacheHits]).toEqual([0, 2]);
    expect(barsFromColumns(second.series.get('SPY')!)).toEqual(parseBarsCsv(YAHOO, 'SPY.csv'));
    expect(second.series.get('TLT')!.close[1]).toBe(11.5);
    expect(cacheFileFor(dir)).toContain(join(dir, '.autofolio-cache'));
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
    const stamp = new Date('2024-06-01T12:00:00Z');
    writeFileSync(file, YAHOO);
    utimesSync(file, stamp, stamp);
    loadColumnarFiles(dir, ['SPY.csv']);
    const before = statSync(file);
    // Same length, one price changed, the time stamp put back: size and mtime cannot tell.
    writeFileSync(file, YAHOO.replace('11.25', '11.75'));
    utimesSync(file, stamp, stamp);
    expect(statSync(file).size).toBe(before.size);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    const again = loadColumnarFiles(dir, ['SPY.csv']);
    expect(again.cacheHits).toBe(0);
    expect(again.columns.get('SPY.csv')!.close[1]).toBe(11.75);
    expect(loadColumnarFiles(dir, ['SPY.csv']).cacheHits).toBe(1);
  });

  it('is invalidated when rows are appended, and keeps the columns of a file only touched', () => {
    const file = join(dir, 'SPY.csv');
    writeFileSync(file, YAHOO);
    loadColumnarFiles(dir, ['SPY.csv']);
    writeFileSync(file, `${YAHOO}2024-01-04,11,12,10,11.5,700\n`);
    const appended = loadColumnarFiles(dir, ['SPY.csv']);
    expect(appended.cacheHits).toBe(0);
    expect(appended.columns.get('SPY.csv')!.time.length).toBe(3);
    utimesSync(file, new Date(), new Date(Date.now() + 60_000));
    expect(loadColumnarFiles(dir, ['SPY.csv']).cacheHits).toBe(1);
  });

  it('rebuilds a damaged cache file and honours a cache folder of its own', () => {
    writeFileSync(join(dir, 'SPY.csv'), YAHOO);
    const cacheDir = join(dir, 'elsewhere');
    loadColumnarFiles(dir, ['SPY.csv'], { cacheDir });
    const cacheFile = cacheFileFor(dir, { cacheDir });
    expect(cacheFile.startsWith(cacheDir)).toBe(true);
    writeFileSync(cacheFile, readFileSync(cacheFile).subarray(0, 40));
    expect(loadColumnarFiles(dir, ['SPY.csv'], { cacheDir }).cacheHits).toBe(0);
    expect(loadColumnarFiles(dir, ['SPY.csv'], { cacheDir }).cacheHits).toBe(1);
  });

  it('still works when the cache cannot be written', () => {
    writeFileSync(join(dir, 'SPY.csv'), YAHOO);
    // A file where the cache folder should be makes every write fail.
    writeFileSync(join(dir, 'blocked'), '');
    const cacheDir = join(dir, 'blocked');
    expect(loadColumnarFiles(dir, ['SPY.csv'], { cacheDir }).columns.get('SPY.csv')!.close[0]).toBe(10.5);
    expect(loadColumnarFiles(dir, ['SPY.csv'], { cacheDir }).cacheHits).toBe(0);
  });

  it('reads only the columns asked for from the cache, and keeps every column when it rewrites it', () => {
    writeFileSync(join(dir, 'A.csv'), YAHOO);
    writeFileSync(join(dir, 'B.csv'), YAHOO.replace('11.25', '11.5'));
    loadColumnarFiles(dir, ['A.csv', 'B.csv']);
    const some = loadColumnarFiles(dir, ['A.csv', 'B.csv'], { columns: ['time', 'close'] });
    expect(some.cacheHits).toBe(2);
    expect([...some.columns.get('B.csv')!.close]).toEqual([10.5, 11.5]);
    expect(some.columns.get('B.csv')!.high.length).toBe(0);
    // B changes while only two columns are asked for: A's other columns must survive the rewrite.
    writeFileSync(join(dir, 'B.csv'), `${YAHOO}2024-01-04,11,12,10,11.5,700\n`);
    loadColumnarFiles(dir, ['B.csv'], { columns: ['time', 'close'] });
    const all = loadColumnarFiles(dir, ['A.csv', 'B.csv']);
    expect(all.cacheHits).toBe(2);
    expect(barsFromColumns(all.columns.get('A.csv')!)).toEqual(parseBarsCsv(YAHOO, 'A.csv'));
    expect(all.columns.get('B.csv')!.volume[2]).toBe(700);
  });

  it('reads high and low when first asked for, the same numbers from a pack rewritten meanwhile', () => {
    writeFileSync(join(dir, 'A.csv'), YAHOO);
    writeFileSync(join(dir, 'B.csv'), YAHOO.replace('11,9', '13,8'));
    loadColumnarFiles(dir, ['A.csv', 'B.csv']);
    const loaded = loadColumnarFiles(dir, ['B.csv', 'A.csv']);
    expect(loaded.cacheHits).toBe(2);
    // Another run adds a file: the pack is written again, under the same name.
    writeFileSync(join(dir, 'C.csv'), YAHOO.replace('12,10', '15,7'));
    const before = statSync(cacheFileFor(dir)).ino;
    expect(loadColumnarFiles(dir, ['C.csv', 'A.csv']).cacheHits).toBe(1);
    expect(statSync(cacheFileFor(dir)).ino).not.toBe(before);
    const b = loaded.columns.get('B.csv')!;
    expect([...b.high, ...b.low]).toEqual([13, 12, 8, 10]);
    expect(barsFromColumns(loaded.columns.get('A.csv')!)).toEqual(parseBarsCsv(YAHOO, 'A.csv'));
    expect(loaded.columns.get('B.csv')!.high).toBe(b.high);
  });

  it('parses the CSVs again for high and low when the pack is gone, and refuses a CSV changed meanwhile', () => {
    writeFileSync(join(dir, 'A.csv'), YAHOO);
    writeFileSync(join(dir, 'B.csv'), YAHOO.replace('11,9', '13,8'));
    loadColumnarFiles(dir, ['A.csv', 'B.csv']);
    const loaded = loadColumnarFiles(dir, ['A.csv', 'B.csv']);
    rmSync(cacheFileFor(dir));
    expect([...loaded.columns.get('B.csv')!.high]).toEqual([13, 12]);
    writeFileSync(join(dir, 'B.csv'), YAHOO.replace('11,9', '14,8'));
    expect(() => loaded.columns.get('A.csv')!.low).toThrow(/B\.csv: changed while its bars were in use; its low prices are no longer the ones loaded/);
  });

  it('stores the times that files share once, and gives those files one time column', () => {
    writeFileSync(join(dir, 'A.csv'), YAHOO);
    writeFileSync(join(dir, 'B.csv'), YAHOO.replace('11.25', '11.5'));
    writeFileSync(join(dir, 'C.csv'), `${YAHOO}2024-01-04,11,12,10,11.5,700\n`);
    const perFile = loadColumnarFolder(dir);
    expect(perFile.parsed).toBe(3);
    const packed = statSync(cacheFileFor(dir)).size;
    const folder = loadColumnarFolder(dir);
    expect(folder.cacheHits).toBe(3);
    const [a, b, c] = ['A', 'B', 'C'].map((symbol) => folder.series.get(symbol)!);
    expect(a!.time).toBe(b!.time);
    expect(c!.time).not.toBe(a!.time);
    expect(barsFromColumns(c!)).toEqual(parseBarsCsv(readFileSync(join(dir, 'C.csv'), 'utf8'), 'C.csv'));
    expect(barsFromColumns(b!)).toEqual(parseBarsCsv(readFileSync(join(dir, 'B.csv'), 'utf8'), 'B.csv'));
    // C gets A's dates: rewritten, the pack holds one time column for all three, two rows fewer.
    writeFileSync(join(dir, 'C.csv'), YAHOO.replace('10.5,500', '10.75,500'));
    const rewritten = loadColumnarFolder(dir);
    expect([rewritten.parsed, rewritten.cacheHits]).toEqual([1, 2]);
    expect(statSync(cacheFileFor(dir)).size).toBeLessThan(packed);
    const again = loadColumnarFolder(dir);
    expect(again.cacheHits).toBe(3);
    expect(again.series.get('C')!.time).toBe(again.series.get('A')!.time);
    expect(again.series.get('C')!.close[0]).toBe(10.75);
  });

  it('takes a pack whose header names a time column it does not hold for a damaged one, and rebuilds it', () => {
    writeFileSync(join(dir, 'SPY.csv'), YAHOO);
    loadColumnarFiles(dir, ['SPY.csv']);
    const file = cacheFileFor(dir);
    const bytes = readFileSync(file);
    const text = bytes.toString('latin1');
    expect(text).toContain('"time":0');
    // Same length, so that only the header's own check can tell.
    writeFileSync(file, Buffer.from(text.replace('"time":0', '"time":7'), 'latin1'));
    expect(loadColumnarFiles(dir, ['SPY.csv']).cacheHits).toBe(0);
    expect(loadColumnarFiles(dir, ['SPY.csv']).cacheHits).toBe(1);
  });

  it('reads the actions file of each symbol that has one in the folder, and opens none for the others', () => {
    for (const symbol of ['A', 'B', 'C']) writeFileSync(join(dir, `${symbol}.csv`), YAHOO);
    writeFileSync(join(dir, 'B.actions.csv'), 'Date,Action,Value\n2024-01-03,split,2\n');
    const folder = loadColumnarFolder(dir);
    expect([...folder.actions.keys()]).toEqual(['B']);
    expect(folder.actions.get('B')).toHaveLength(1);
    // Listed, so opened: an actions "file" that cannot be read fails the load rather than being skipped.
    mkdirSync(join(dir, 'C.actions.csv'));
    expect(() => loadColumnarFolder(dir)).toThrow(/cannot read the corporate actions/);
  });

  it('names a missing file and refuses a malformed one with its line', () => {
    expect(() => loadColumnarFiles(dir, ['NOPE.csv'])).toThrow(/NOPE\.csv: missing file/);
    writeFileSync(join(dir, 'BAD.csv'), 'Date,Open,High,Low,Close,Volume\n2024-01-02,10,11,9,abc,5\n');
    expect(() => loadColumnarFiles(dir, ['BAD.csv'])).toThrow(/BAD\.csv:2: close "abc" is not a number/);
    expect(() => loadColumnarFolder(join(dir, 'none'))).toThrow(/cannot list the data folder/);
  });
});
