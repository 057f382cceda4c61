import { describe, expect, it } from 'vitest';
import type { Fill } from '../domain/order.js';
import { foldLedger } from './apply-entry.js';
import { fillEntries } from './entries-from.js';
import { isBalanced } from './ledger-balance.js';

const USDCAD = { currency: 'CAD', multiplier: 1, pairOf: 'USD' };
const fill = (side: 'BUY' | 'SELL', quantity: number, price: number, commission: number): Fill => ({ execId: `e-${side}`, brokerOrderId: '1', tag: 'r-1:USDCAD', symbol: 'USDCAD', side, quantity, price, commission, currency: 'CAD', time: 1 });

describe('the ledger books an FX pair fill as a conversion', () => {
  it('buying USDCAD gives CAD and gains USD, pays its commission in CAD, under the fill\'s one execution id, and leaves no position', () => {
    const entries = [{ kind: 'opening-cash' as const, time: 0, currency: 'CAD', amountMinor: 20_000_000 }, ...fillEntries(fill('BUY', 10_000, 1.35, 2), USDCAD)];
    expect(entries.slice(1).map((e) => [e.kind, e.currency, e.amountMinor, e.counterCurrency, e.counterMinor, e.commissionMinor, e.execId])).toEqual([['fx', 'CAD', 1_350_000, 'USD', 1_000_000, 200, 'e-BUY']]);
    const state = foldLedger(entries);
    expect(state.books.get('CAD')!.cash).toBe(20_000_000 - 1_350_000 - 200);
    expect(state.books.get('CAD')!.commissions).toBe(200);
    expect(state.books.get('USD')!.cash).toBe(1_000_000);
    expect(state.positions.size).toBe(0);
    expect(isBalanced(state)).toBe(true);
  });

  it('selling USDCAD gives USD and gains CAD, the commission still in CAD', () => {
    const [conversion] = fillEntries(fill('SELL', 10_000, 1.35, 2), USDCAD);
    expect(conversion).toMatchObject({ kind: 'fx', currency: 'USD', amountMinor: 1_000_000, counterCurrency: 'CAD', counterMinor: 1_350_000 });
    const state = foldLedger([conversion!]);
    expect(state.books.get('CAD')!.cash).toBe(1_350_000 - 200);
    expect(isBalanced(state)).toBe(true);
  });

  it('books a stock fill on its position as before', () => {
    expect(fillEntries({ ...fill('BUY', 10, 30, 1), symbol: 'XIU' }, { currency: 'CAD', multiplier: 1 }).map((e) => e.kind)).toEqual(['fill']);
  });
});
