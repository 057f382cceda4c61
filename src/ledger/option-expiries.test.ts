import { describe, expect, it } from 'vitest';
import type { AccountSnapshot } from '../domain/account.js';
import { foldLedger } from './apply-entry.js';
import type { LedgerEntry } from './ledger-entry.js';
import { expiredOptionEntries } from './option-expiries.js';
import { reconcile } from './reconcile.js';

const CLOSE = Date.parse('2024-01-05T21:00:00Z');
const AFTER = CLOSE + 3 * 86_400_000;
const TOLERANCE = { cash: 0.01, quantity: 0 };
const CALL = 'SPY-20240105-C-100';
const PUT = 'SPY-20240105-P-100';
const CALL_110 = 'SPY-20240105-C-110';
const expiryOf = (symbol: string) => (symbol.startsWith('SPY-20240105-') ? CLOSE : undefined);

// The books: 100 000 USD, then options bought (+) or written (−) at 2.00 a share.
function books(options: Record<string, number>): LedgerEntry[] {
  const opening: LedgerEntry = { kind: 'opening-cash', time: 0, currency: 'USD', amountMinor: 10_000_000, execId: 'open' };
  return [opening, ...Object.entries(options).map(([symbol, quantity], i): LedgerEntry => ({ kind: 'fill', time: 1, currency: 'USD', amountMinor: Math.abs(quantity) * 20_000, symbol, quantity, price: 2, multiplier: 100, commissionMinor: 0, execId: `e${i}` }))];
}

function broker(cash: number, positions: Record<string, number>): AccountSnapshot {
  return { accountId: 'DU1', baseCurrency: 'USD', netLiquidation: cash, cash: { USD: cash }, positions: Object.entries(positions).map(([symbol, quantity]) => ({ symbol, quantity, avgCost: 100 })) };
}

function booked(entries: LedgerEntry[], account: AccountSnapshot, time = AFTER) {
  const made = expiredOptionEntries({ state: foldLedger(entries), account, time, expiryOf, tolerance: TOLERANCE });
  return { made, after: reconcile(foldLedger([...entries, ...made]), account, TOLERANCE) };
}

describe('options the broker no longer holds after their expiry', () => {
  it('a straddle held, its call exercised: the call leaves at 0 and 200 SPY are bought at the strike, the put expires worthless; the books then agree', () => {
    // Paid 800 for two straddles, then 20 000 for 200 SPY at 100.
    const { made, after } = booked(books({ [CALL]: 2, [PUT]: 2 }), broker(100_000 - 800 - 20_000, { SPY: 200 }));
    expect(made.map((e) => [e.execId, e.symbol, e.quantity, e.price, e.amountMinor])).toEqual([
      [`expiry:${CALL}`, CALL, -2, 0, 0],
      [`exercise:${CALL}`, 'SPY', 200, 100, 2_000_000],
      [`expiry:${PUT}`, PUT, -2, 0, 0],
    ]);
    expect(made.map((e) => e.note)).toEqual([
      `${CALL} exercised at its expiry 2024-01-05: the broker no longer holds it`,
      `bought 200 SPY at the strike 100: ${CALL} exercised`,
      `${PUT} expired worthless at its expiry 2024-01-05: the broker no longer holds it`,
    ]);
    expect(after.differences).toEqual([]);
  });

  it('a written put assigned buys the underlying; a written call assigned sells it', () => {
    expect(booked(books({ [PUT]: -1 }), broker(100_000 + 200 - 10_000, { SPY: 100 })).after.differences).toEqual([]);
    const call = booked([...books({ [CALL]: -1 }), { kind: 'fill', time: 1, currency: 'USD', amountMinor: 950_000, symbol: 'SPY', quantity: 100, price: 95, multiplier: 1, commissionMinor: 0, execId: 's' }], broker(100_000 + 200 - 9_500 + 10_000, {}));
    expect(call.made.find((e) => e.symbol === 'SPY')).toMatchObject({ quantity: -100, price: 100, note: `sold 100 SPY at the strike 100: ${CALL} assigned` });
    expect(call.after.differences).toEqual([]);
  });

  it('a vertical both of whose legs were exercised and assigned moves no shares: the cash tells it from both expiring worthless', () => {
    // Bought the 100 call, wrote the 110 call: 100 SPY bought at 100 and sold at 110, +1 000.
    const entries = books({ [CALL]: 1, [CALL_110]: -1 });
    const exercised = booked(entries, broker(100_000 + 1_000, {}));
    expect(exercised.made.filter((e) => e.symbol === 'SPY').map((e) => [e.quantity, e.price])).toEqual([[100, 100], [-100, 110]]);
    expect(exercised.after.differences).toEqual([]);
    const worthless = booked(entries, broker(100_000, {}));
    expect(worthless.made.filter((e) => e.symbol === 'SPY')).toEqual([]);
    expect(worthless.after.differences).toEqual([]);
  });

  it('books nothing before the expiry, while the broker still holds the option, or when the underlying\'s change does not fit', () => {
    expect(booked(books({ [CALL]: 2 }), broker(99_600, {}), CLOSE - 1).made).toEqual([]);
    expect(booked(books({ [CALL]: 2 }), broker(99_600, { [CALL]: 2 }), AFTER).made).toEqual([]);
    const unexplained = booked(books({ [CALL]: 2 }), broker(99_600 - 15_000, { SPY: 150 }));
    expect(unexplained.made).toEqual([]);
    expect(unexplained.after.differences.map((d) => d.key)).toEqual(['USD', 'SPY', CALL]);
  });
});
