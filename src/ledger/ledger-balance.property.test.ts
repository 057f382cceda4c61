import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fill } from '../domain/order.js';
import { foldLedger } from './apply-entry.js';
import { fillEntry } from './entries-from.js';
import { balanceChecks } from './ledger-balance.js';
import type { LedgerEntry } from './ledger-entry.js';

const currencies = ['USD', 'CAD', 'JPY'] as const;
const symbols: Record<string, { currency: string; multiplier: number }> = {
  SPY: { currency: 'USD', multiplier: 1 },
  ES: { currency: 'USD', multiplier: 50 },
  XIU: { currency: 'CAD', multiplier: 1 },
  T7203: { currency: 'JPY', multiplier: 100 },
};

const fill = fc
  .record({
    symbol: fc.constantFrom(...Object.keys(symbols)),
    side: fc.constantFrom('BUY' as const, 'SELL' as const),
    quantity: fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0.001, max: 50, noNaN: true }).map((q) => Math.round(q * 1000) / 1000)),
    price: fc.double({ min: 0.01, max: 5000, noNaN: true }).map((p) => Math.round(p * 10_000) / 10_000),
    commission: fc.integer({ min: 0, max: 2000 }).map((c) => c / 100),
  })
  .map((f): Fill => ({ execId: '', brokerOrderId: '1', tag: 't', symbol: f.symbol, side: f.side, quantity: f.quantity, price: f.price, commission: symbols[f.symbol]!.currency === 'JPY' ? Math.round(f.commission) : f.commission, currency: symbols[f.symbol]!.currency, time: 0 }));

const cashEntry = fc.record({
  kind: fc.constantFrom('deposit' as const, 'withdrawal' as const, 'dividend' as const, 'interest' as const, 'fee' as const),
  currency: fc.constantFrom(...currencies),
  amountMinor: fc.integer({ min: 0, max: 1e10 }),
});

const conversion = fc.record({
  from: fc.constantFrom(...currencies),
  to: fc.constantFrom(...currencies),
  amountMinor: fc.integer({ min: 1, max: 1e9 }),
  counterMinor: fc.integer({ min: 1, max: 1e9 }),
});

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fill.map((f) => ({ type: 'fill' as const, f })) },
  { weight: 2, arbitrary: cashEntry.map((c) => ({ type: 'cash' as const, c })) },
  { weight: 1, arbitrary: conversion.map((x) => ({ type: 'fx' as const, x })) },
);

type Step =
  | { type: 'fill'; f: Fill }
  | { type: 'cash'; c: { kind: LedgerEntry['kind']; currency: string; amountMinor: number } }
  | { type: 'fx'; x: { from: string; to: string; amountMinor: number; counterMinor: number } };

function toEntries(steps: readonly Step[]): LedgerEntry[] {
  return steps.flatMap((s, time): LedgerEntry[] => {
    switch (s.type) {
      case 'fill':
        return [fillEntry({ ...s.f, execId: `e${time}`, time }, symbols[s.f.symbol])];
      case 'cash':
        return [{ kind: s.c.kind, time, currency: s.c.currency, amountMinor: s.c.amountMinor }];
      case 'fx':
        return s.x.from === s.x.to ? [] : [{ kind: 'fx', time, currency: s.x.from, amountMinor: s.x.amountMinor, counterCurrency: s.x.to, counterMinor: s.x.counterMinor }];
    }
  });
}

describe('the ledger always balances', () => {
  it('cash + positions at cost = contributions + conversions + realised P&L, exactly, per currency, after any sequence of fills and cash flows', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const state = foldLedger(toEntries(steps));
        for (const check of balanceChecks(state)) {
          expect(Number.isInteger(check.assetsAtCost), check.currency).toBe(true);
          expect(check.assetsAtCost, check.currency).toBe(check.sources);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a position that is closed again leaves no cost behind, and its P&L is the cash it made', () => {
    fc.assert(
      fc.property(fc.array(fill, { minLength: 1, maxLength: 30 }), (fills) => {
        // Trade one symbol back and forth, then close it at the last price.
        const one = fills.map((f) => ({ ...f, symbol: 'SPY', currency: 'USD' }));
        const entries = toEntries(one.map((f): Step => ({ type: 'fill', f })));
        const open = foldLedger(entries).positions.get('SPY')?.quantity ?? 0;
        const last = one[one.length - 1]!;
        if (open !== 0) entries.push(fillEntry({ ...last, execId: 'close', side: open > 0 ? 'SELL' : 'BUY', quantity: Math.abs(open), commission: 0, time: 999 }, symbols.SPY));
        const state = foldLedger(entries);
        const position = state.positions.get('SPY')!;
        expect(position.quantity).toBe(0);
        expect(position.costMinor).toBe(0);
        const book = state.books.get('USD')!;
        expect(position.realisedMinor - book.commissions).toBe(book.cash);
      }),
      { numRuns: 300 },
    );
  });
});
