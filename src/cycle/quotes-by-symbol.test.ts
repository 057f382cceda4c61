import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Quote } from '../domain/bar.js';
import type { Instrument } from '../domain/instrument.js';
import { quotesBySymbol } from './quotes-by-symbol.js';

const stock = (symbol: string): Instrument => ({ symbol, secType: 'STK', currency: 'USD', exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 });
const quote = (symbol: string, price: number): Quote => ({ symbol, bid: price, ask: price, last: price, time: 0 });

describe('quotes by symbol', () => {
  it('answers like a map of the quotes, whether or not they come one per instrument in the order asked', () => {
    const symbols = fc.constantFrom('A', 'B', 'C', 'D', 'E', 'AB', 'a');
    fc.assert(
      fc.property(fc.array(symbols, { maxLength: 8 }), fc.boolean(), fc.array(fc.tuple(symbols, fc.integer({ min: 1, max: 99 })), { maxLength: 8 }), (listed, inOrder, others) => {
        const asked = listed.map(stock);
        // Either a broker's usual answer (one quote per instrument, in order) or anything else.
        const quotes = inOrder ? listed.map((s, i) => quote(s, i + 1)) : others.map(([s, p]) => quote(s, p));
        const made = quotesBySymbol(quotes, asked);
        const expected = new Map(quotes.map((q) => [q.symbol, q]));
        expect(made.size).toBe(expected.size);
        expect([...made]).toEqual([...expected]);
        expect([...made.keys()]).toEqual([...expected.keys()]);
        expect([...made.values()]).toEqual([...expected.values()]);
        const visited: [string, Quote][] = [];
        made.forEach((q, s) => visited.push([s, q]));
        expect(visited).toEqual([...expected]);
        for (const s of ['A', 'B', 'C', 'D', 'E', 'AB', 'a', 'Z']) {
          expect(made.get(s)).toBe(expected.get(s));
          expect(made.has(s)).toBe(expected.has(s));
        }
      }),
    );
  });

  it('without the list asked for, is a map of the quotes', () => {
    const made = quotesBySymbol([quote('A', 1), quote('B', 2), quote('A', 3)]);
    expect([...made]).toEqual([['A', quote('A', 3)], ['B', quote('B', 2)]]);
  });
});
