import { describe, expect, it } from 'vitest';
import type { CorporateAction } from '../domain/corporate-action.js';
import { averageCost, foldLedger } from './apply-entry.js';
import { corporateActionEntries, type EffectiveAction } from './corporate-action-entries.js';
import { isBalanced } from './ledger-balance.js';
import type { LedgerEntry } from './ledger-entry.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 5, 3);
const opened: LedgerEntry[] = [{ kind: 'opening-cash', time: T0, currency: 'USD', amountMinor: 10_000_000 }];
const buy = (time: number, symbol: string, quantity: number, price: number): LedgerEntry => ({ kind: 'fill', time, currency: 'USD', amountMinor: Math.round(Math.abs(quantity) * price * 100), symbol, quantity, price, multiplier: 1, commissionMinor: 0, execId: `e-${symbol}-${time}` });
const action = (kind: CorporateAction['kind'], day: number, value: number): CorporateAction => ({ kind, date: new Date(T0 + day * DAY).toISOString().slice(0, 10), time: T0 + day * DAY, value });
const effective = (symbol: string, a: CorporateAction): EffectiveAction => ({ symbol, action: a, time: a.time + 14.5 * 3_600_000 });

describe('corporate action entries', () => {
  it('a split adds shares at no cost: the position\'s value and cost stay, its cost per share falls, the books balance', () => {
    const entries = [...opened, buy(T0 + DAY, 'ABC', 100, 400)];
    const made = corporateActionEntries(entries, [effective('ABC', action('split', 5, 4))], 0);
    expect(made).toEqual([expect.objectContaining({ kind: 'split', symbol: 'ABC', quantity: 300, amountMinor: 0, execId: 'split:ABC:2024-06-08' })]);
    const before = foldLedger(entries);
    const after = foldLedger([...entries, ...made]);
    expect(after.positions.get('ABC')).toMatchObject({ quantity: 400, costMinor: before.positions.get('ABC')!.costMinor });
    expect(averageCost(after.positions.get('ABC')!)).toBeCloseTo(100, 12);
    expect(after.books.get('USD')!.cash).toBe(before.books.get('USD')!.cash);
    expect(isBalanced(after)).toBe(true);
  });

  it('a dividend is income on the shares held as it took effect, its withholding a fee; a short position pays it as a fee', () => {
    // Bought after the ex-date: the 50 shares do not earn the dividend.
    const entries = [...opened, buy(T0 + DAY, 'ABC', 100, 50), buy(T0 + 9 * DAY, 'ABC', 50, 50), buy(T0 + DAY, 'XYZ', -20, 30)];
    const dividend = action('dividend', 5, 0.52);
    const made = corporateActionEntries(entries, [effective('ABC', dividend), effective('XYZ', dividend)], 15);
    expect(made.map((e) => [e.kind, e.symbol, e.amountMinor, e.execId])).toEqual([
      ['dividend', 'ABC', 5200, 'dividend:ABC:2024-06-08'],
      ['fee', 'ABC', 780, 'withholding:ABC:2024-06-08'],
      ['fee', 'XYZ', 1040, 'dividend:XYZ:2024-06-08'],
    ]);
    const books = foldLedger([...entries, ...made]).books.get('USD')!;
    expect(books.income).toBe(5200);
    expect(books.fees).toBe(780 + 1040);
    expect(books.contributions).toBe(10_000_000);
  });

  it('books each action once, and none that took effect before the ledger opened or on a symbol not held', () => {
    const entries = [...opened, buy(T0 + DAY, 'ABC', 100, 50)];
    const actions = [effective('ABC', action('dividend', -3, 1)), effective('ABC', action('split', 5, 2)), effective('XYZ', action('split', 5, 2))];
    const made = corporateActionEntries(entries, actions, 0);
    expect(made.map((e) => e.execId)).toEqual(['split:ABC:2024-06-08']);
    expect(corporateActionEntries([...entries, ...made], actions, 0)).toEqual([]);
  });

  it('books nothing before the ledger has opened', () => {
    expect(corporateActionEntries([buy(T0 + DAY, 'ABC', 100, 50)], [effective('ABC', action('split', 5, 2))], 0)).toEqual([]);
  });
});
