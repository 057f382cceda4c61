import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertFold, decideFold, FOLD_GROWTH_FACTOR, grownNotice } from './alert-fold.js';
import type { FoldState } from './outbox-store.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 10, 14, 14, 35);

// Figures as alerts carry them: share counts, dollar amounts with cents, zero.
const figure = fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 100_000_000 }).map((cents) => cents / 100));

/** Runs a problem's repeats (hourly, each with its figures) through the fold; returns each decision with the figures it saw. */
function fold(repeats: readonly (readonly number[])[], reminderMs: number) {
  let state: FoldState | undefined;
  return repeats.map((figures, i) => {
    const next = decideFold(state, T0 + i * HOUR, reminderMs, figures);
    state = next.state;
    return { figures, action: next.result.action };
  });
}

describe('alert folding keeps the numbers and re-alerts when they grow', () => {
  it('never folds an alert with a figure more than the growth factor above the last e-mailed one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((width) => fc.array(fc.array(figure, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 30 })), fc.integer({ min: 1, max: 48 }), (repeats, reminderHours) => {
        let lastSent: readonly number[] | undefined;
        for (const { figures, action } of fold(repeats, reminderHours * HOUR)) {
          if (action === 'suppress') {
            figures.forEach((f, i) => expect(Math.abs(f)).toBeLessThanOrEqual(FOLD_GROWTH_FACTOR * Math.abs(lastSent![i]!)));
          } else {
            lastSent = figures;
          }
        }
      }),
    );
  });

  it('folds every repeat whose figures stay within the factor of the last e-mail, until the reminder is due', () => {
    fc.assert(
      fc.property(fc.array(figure, { minLength: 1, maxLength: 3 }), fc.array(fc.double({ min: 0, max: FOLD_GROWTH_FACTOR, noNaN: true }), { minLength: 1, maxLength: 20 }), (first, scales) => {
        // Each repeat's figures are the first alert's figures scaled by at most the factor.
        const repeats = [first, ...scales.map((k) => first.map((f) => f * k))];
        const actions = fold(repeats, 1000 * HOUR).map((d) => d.action);
        expect(actions).toEqual(['send', ...scales.map(() => 'suppress')]);
      }),
    );
  });

  it('a figure that grows past the factor is alerted at once, whatever the reminder interval', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (from, extra) => {
        const to = FOLD_GROWTH_FACTOR * from + extra;
        expect(fold([[from], [to]], 1000 * HOUR).map((d) => d.action)).toEqual(['send', 'grown']);
      }),
    );
  });

  it('the fold key blanks the numbers, and the figures are exactly the numbers of the reason, in order', () => {
    const word = fc.constantFrom('position', 'GLD:', 'ledger', 'broker', 'cash', 'USD:', '(difference', 'shares)', '$');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 0, max: 99_999_999 }), { minLength: 1, maxLength: 4 }), fc.array(fc.integer({ min: 0, max: 99_999_999 }), { minLength: 1, maxLength: 4 }), (words, a, b) => {
        const n = Math.min(a.length, b.length);
        const reason = (numbers: readonly number[], grouped: boolean) => numbers.slice(0, n).map((x, i) => `${words[i % words.length]} ${grouped ? x.toLocaleString('en-US') : x}`).join(' ');
        const first = alertFold('reconcile', reason(a, false));
        const second = alertFold('reconcile', reason(b, true));
        expect(second.key).toBe(first.key);
        expect(first.figures).toEqual(a.slice(0, n));
        expect(second.figures).toEqual(b.slice(0, n));
      }),
    );
  });
});

describe('the growth rule on the reported case', () => {
  it('a ledger difference of 1 share, then of 1,001 shares ($800,806): the second is alerted, naming both figures', () => {
    const small = alertFold('reconcile', 'position GLD: ledger 386, broker 387 (difference 1)');
    const big = alertFold('reconcile', 'position GLD: ledger 386, broker 1387 (difference 1001); value $800,806');
    const smallCash = alertFold('reconcile', 'position GLD: ledger 386, broker 387 (difference 1); value $800');
    expect(big.figures).toEqual([386, 1387, 1001, 800806]);
    const first = decideFold(undefined, T0, 6 * HOUR, smallCash.figures);
    const second = decideFold(first.state, T0 + HOUR, 6 * HOUR, big.figures);
    expect(second.result.action).toBe('grown');
    expect(second.result.grown).toEqual([{ from: 387, to: 1387 }, { from: 1, to: 1001 }, { from: 800, to: 800806 }]);
    const notice = grownNotice({ kind: 'alert', subject: 's', text: 'body' }, second.result);
    expect(notice.text).toMatch(/^This problem has grown since the alert of 2025-11-14 14:35:00 UTC: 387 → 1,387, 1 → 1,001, 800 → 800,806 \(more than 2 times\)/);
    // The same figures an hour later are the same problem again: folded.
    expect(decideFold(second.state, T0 + 2 * HOUR, 6 * HOUR, big.figures).result.action).toBe('suppress');
    expect(small.key).not.toBe(big.key);
  });
});
