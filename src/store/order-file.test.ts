import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlanLine } from '../planning/plan-types.js';
import { OrderFileError, parseCsv, readOrderFile, writeOrderFile } from './order-file.js';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'order-file-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

const lines: PlanLine[] = [
  { symbol: 'SPY', action: 'SELL', quantity: 150, limitPrice: 399.6, referencePrice: 400, tag: 'r-1:SPY', currentQuantity: 250, targetQuantity: 100, targetWeight: 0.4 },
  {
    symbol: 'XIU',
    action: 'BUY',
    quantity: 1237,
    limitPrice: 30.03,
    referencePrice: 30,
    tag: 'r-1:XIU',
    currentQuantity: 0,
    targetQuantity: 1250,
    targetWeight: 0.3,
    reason: 'buy scaled from 1250 to 1237, "cash", short\r\nsecond line',
  },
  { symbol: 'QQQ', action: 'NONE', quantity: 0, limitPrice: 0, referencePrice: 200.125, tag: 'r-1:QQQ', currentQuantity: -0.5, targetQuantity: 0, targetWeight: -0.1, reason: 'within no-trade band' },
];

function manyLines(count: number, reason: string): PlanLine[] {
  return Array.from({ length: count }, (_, i) => ({ ...lines[0]!, symbol: `S${i}`, tag: `r-1:S${i}`, reason }));
}

describe('order file', () => {
  it('writes prices without binary noise: a mid of 96.24000000000001 reads 96.24', () => {
    const path = join(folder, 'orders.csv');
    const noisy: PlanLine = { ...lines[0]!, limitPrice: 96.33, referencePrice: (96.23 + 96.25) / 2, targetWeight: 0.1 + 0.2, quantity: 0.1 + 0.2 };
    expect(noisy.referencePrice).not.toBe(96.24);
    writeOrderFile(path, { lines: [noisy] });
    expect(readFileSync(path, 'utf8').split('\r\n')[1]).toBe('SPY,SELL,0.3,96.33,96.24,r-1:SPY,250,100,0.3,');
    expect(readOrderFile(path)[0]).toMatchObject({ referencePrice: 96.24, quantity: 0.3, targetWeight: 0.3 });
  });

  it('round-trips every field, including a reason with commas, quotes and a line break', () => {
    const path = join(folder, 'orders.csv');
    writeOrderFile(path, { lines });
    expect(readOrderFile(path)).toEqual(lines);
    const text = readFileSync(path, 'utf8');
    expect(text.split('\r\n')[0]).toBe('symbol,action,quantity,limit_price,reference_price,tag,current_quantity,target_quantity,target_weight,reason');
    expect(text).toContain('"buy scaled from 1250 to 1237, ""cash"", short\r\nsecond line"');
    expect(text.split('\r\n')[1]).toBe('SPY,SELL,150,399.6,400,r-1:SPY,250,100,0.4,');
  });

  it('creates the file readable by its owner only and leaves no temporary file', () => {
    const path = join(folder, 'orders.csv');
    writeOrderFile(path, { lines });
    writeOrderFile(path, { lines: lines.slice(0, 1) });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(folder)).toEqual(['orders.csv']);
    expect(readOrderFile(path)).toHaveLength(1);
  });

  it('removes its temporary file and keeps the old file when the rename fails', () => {
    const path = join(folder, 'orders.csv');
    mkdirSync(path);
    writeFileSync(join(path, 'inside'), 'x');
    expect(() => writeOrderFile(path, { lines })).toThrow();
    expect(readdirSync(folder)).toEqual(['orders.csv']);
  });

  it('writes a header alone for an empty plan', () => {
    const path = join(folder, 'orders.csv');
    writeOrderFile(path, { lines: [] });
    expect(readOrderFile(path)).toEqual([]);
  });

  it('refuses a malformed file', () => {
    const path = join(folder, 'bad.csv');
    writeFileSync(path, 'symbol,action\r\nSPY,BUY\r\n');
    expect(() => readOrderFile(path)).toThrow(OrderFileError);
    writeOrderFile(path, { lines });
    writeFileSync(path, readFileSync(path, 'utf8').replace('SELL', 'SHORT'));
    expect(() => readOrderFile(path)).toThrow(/SHORT/);
    writeOrderFile(path, { lines });
    writeFileSync(path, readFileSync(path, 'utf8').replace('399.6', 'abc'));
    expect(() => readOrderFile(path)).toThrow(/limit_price/);
  });

  it('detects a file cut inside a quoted field', () => {
    expect(() => parseCsv('a,"unfinished\r\n')).toThrow(OrderFileError);
    expect(parseCsv('a,"b,c"\nd,e')).toEqual([
      ['a', 'b,c'],
      ['d', 'e'],
    ]);
  });

  it('never shows a concurrent reader half a file', async () => {
    const path = join(folder, 'orders.csv');
    const small = { lines: manyLines(500, 'small') };
    const large = { lines: manyLines(10_000, 'large, with a comma') };
    writeOrderFile(path, large);
    const largeText = readFileSync(path, 'utf8');
    writeOrderFile(path, small);
    const smallText = readFileSync(path, 'utf8');

    // A second thread reads in a tight loop while this one rewrites the file; every read must
    // be one of the two complete versions.
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const reader = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const { readFileSync } = require('node:fs');
       const { path, texts, stop } = workerData;
       let reads = 0, torn = 0;
       while (Atomics.load(stop, 0) === 0) {
         const text = readFileSync(path, 'utf8');
         reads += 1;
         if (!texts.includes(text)) torn += 1;
       }
       parentPort.postMessage({ reads, torn });`,
      { eval: true, workerData: { path, texts: [smallText, largeText], stop } },
    );
    const result = new Promise<{ reads: number; torn: number }>((resolve, reject) => {
      reader.once('message', resolve);
      reader.once('error', reject);
    });
    await new Promise((resolve) => reader.once('online', resolve));
    for (let i = 0; i < 30; i += 1) writeOrderFile(path, i % 2 === 0 ? large : small);
    Atomics.store(stop, 0, 1);
    const { reads, torn } = await result;
    await reader.terminate();
    expect(reads).toBeGreaterThan(0);
    expect(torn).toBe(0);
    expect(readdirSync(folder)).toEqual(['orders.csv']);
  });
});
