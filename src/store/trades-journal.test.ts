import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fill } from '../domain/order.js';
import { appendTrades, readTrades, TRADES_HEADER } from './trades-journal.js';

const fill = (execId: string, quantity = 10): Fill => ({ execId, brokerOrderId: '1', tag: 'r-20251114T153000Z-abcd:SPY', symbol: 'SPY', side: 'BUY', quantity, price: 500.25, commission: 1, currency: 'USD', time: Date.parse('2025-11-14T15:30:00Z') });

describe('the trades CSV journal', () => {
  it('starts with the header and appends one row per fill, readable by the owner only', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'trades-')), 'trades.csv');
    expect(appendTrades(path, 'r-1', [fill('e1'), fill('e2', 5)])).toHaveLength(2);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(TRADES_HEADER);
    expect(lines[1]).toBe('2025-11-14T15:30:00.000Z,r-1,r-20251114T153000Z-abcd:SPY,SPY,BUY,10,500.25,1,USD,e1');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('never writes the same execution twice, however often it is given', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'trades-')), 'trades.csv');
    appendTrades(path, 'r-1', [fill('e1')]);
    expect(appendTrades(path, 'r-2', [fill('e1'), fill('e2')]).map((f) => f.execId)).toEqual(['e2']);
    expect(appendTrades(path, 'r-3', [fill('e1'), fill('e2')])).toEqual([]);
    expect(readTrades(path).map((t) => t.execId)).toEqual(['e1', 'e2']);
  });

  it('leaves out an inferred fill of an order whose executions it already holds, and writes one whose executions it never had', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'trades-')), 'trades.csv');
    appendTrades(path, 'r-1', [fill('e1', 6), fill('e2', 4)]);
    expect(appendTrades(path, 'r-2', [fill('inferred:r-20251114T153000Z-abcd:SPY:10', 10)])).toEqual([]);
    const other = { ...fill('inferred:r-20251114T153000Z-abcd:GLD:3', 3), tag: 'r-20251114T153000Z-abcd:GLD', symbol: 'GLD' };
    expect(appendTrades(path, 'r-2', [other])).toEqual([other]);
    expect(readTrades(path).map((t) => t.execId)).toEqual(['e1', 'e2', 'inferred:r-20251114T153000Z-abcd:GLD:3']);
  });

  it('after a crash cut a row short, the next append starts on a new line and the cut row is not a trade', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'trades-')), 'trades.csv');
    appendTrades(path, 'r-1', [fill('e1')]);
    appendFileSync(path, '2025-11-14T15:30:00.000Z,r-2,r-x:QQQ,QQQ,BU');
    appendTrades(path, 'r-3', [fill('e3')]);
    expect(readTrades(path).map((t) => t.execId)).toEqual(['e1', 'e3']);
  });

  it('refuses a value that would break the CSV rather than corrupt it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'trades-')), 'trades.csv');
    expect(() => appendTrades(path, 'r-1', [{ ...fill('e1'), tag: 'a,b' }])).toThrow(/comma/);
  });
});

describe('a trades CSV re-saved by a spreadsheet', () => {
  const execId = fc.stringMatching(/^[0-9a-f]{4,8}\.[0-9]{2}\.01\.01$/);
  const quoteAll = (line: string) => line.split(',').map((f) => `"${f}"`).join(',');

  it('gets no fill appended again, whatever the line ends, quoting or byte-order mark', () => {
    fc.assert(
      fc.property(fc.uniqueArray(execId, { minLength: 1, maxLength: 6 }), fc.record({ crlf: fc.boolean(), quote: fc.constantFrom('none', 'all', 'some'), bom: fc.boolean(), finalEol: fc.boolean() }), (ids, style) => {
        const path = join(mkdtempSync(join(tmpdir(), 'trades-')), 'trades.csv');
        appendTrades(path, 'r-1', ids.map((id) => fill(id)));
        const lines = readFileSync(path, 'utf8').trim().split('\n').map((line, i) => (style.quote === 'all' || (style.quote === 'some' && i % 2 === 1) ? quoteAll(line) : line));
        const eol = style.crlf ? '\r\n' : '\n';
        writeFileSync(path, (style.bom ? '\uFEFF' : '') + lines.join(eol) + (style.finalEol ? eol : ''));
        expect(appendTrades(path, 'r-2', ids.map((id) => fill(id)))).toEqual([]);
        expect(readTrades(path).map((t) => t.execId)).toEqual(ids);
        // A new fill is still appended, once, on a line of its own.
        expect(appendTrades(path, 'r-3', [fill('new.01')])).toHaveLength(1);
        expect(readTrades(path).map((t) => t.execId)).toEqual([...ids, 'new.01']);
      }),
    );
  });
});
