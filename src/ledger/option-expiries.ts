import type { AccountSnapshot } from '../domain/account.js';
import { fromMinor, toMinor } from '../domain/money.js';
import { parseOptionSymbol } from '../domain/option.js';
import type { LedgerEntry } from './ledger-entry.js';
import type { LedgerPosition, LedgerState } from './ledger-state.js';
import type { ReconcileTolerance } from './reconcile.js';

// Beyond this many expired options on one underlying, the combinations are not searched: a person looks.
const MAX_SEARCHED = 12;

interface Expired {
  readonly position: LedgerPosition;
  readonly underlying: string;
  readonly strike: number;
  readonly expiry: string;
  readonly at: number;
  /** Underlying units that exercise or assignment moves: + received (a call held, a put written), − delivered. */
  readonly delivery: number;
}

/**
 * The entries that book options the broker no longer holds at or after their expiry, when the
 * change of the underlying's position explains them exactly (IB reports an exercise or an
 * assignment as a position change, with executions that carry no orderRef of ours, or none):
 *
 * - each option exercised or assigned leaves at 0, and the underlying moves by multiplier ×
 *   quantity at the strike (a call held buys it, a written call sells it, a put held sells it, a
 *   written put buys it); booking the option at its intrinsic value would also need the underlying
 *   at the market price to keep the cash as the broker has it, so strike and 0 it is, as IB books it;
 * - each other expired option leaves worthless, at 0.
 *
 * The options exercised are the one set of the expired options whose deliveries add up to the
 * underlying's position difference; where two sets do, the cash difference of the currency must
 * pick one. Otherwise nothing is booked and the reconciliation shows the difference for a person.
 * Execution ids `expiry:<option>` and `exercise:<option>` keep the booking to once. Pure.
 */
export function expiredOptionEntries(input: { state: LedgerState; account: AccountSnapshot; time: number; expiryOf: (symbol: string) => number | undefined; tolerance: ReconcileTolerance }): LedgerEntry[] {
  const { state, account, time, tolerance } = input;
  const broker = new Map(account.positions.map((p) => [p.symbol, p.quantity]));
  const byUnderlying = new Map<string, Expired[]>();
  for (const position of state.positions.values()) {
    const option = parseOptionSymbol(position.symbol);
    const at = option && input.expiryOf(position.symbol);
    if (!option || at === undefined || position.quantity === 0 || time < at || (broker.get(position.symbol) ?? 0) !== 0) continue;
    const delivery = (option.right === 'C' ? 1 : -1) * position.quantity * position.multiplier;
    byUnderlying.set(option.underlying, [...(byUnderlying.get(option.underlying) ?? []), { position, underlying: option.underlying, strike: option.strike, expiry: option.expiry, at, delivery }]);
  }
  const entries: LedgerEntry[] = [];
  for (const [underlying, expired] of byUnderlying) {
    if (expired.length > MAX_SEARCHED) continue;
    const difference = (broker.get(underlying) ?? 0) - (state.positions.get(underlying)?.quantity ?? 0);
    const currency = expired[0]!.position.currency;
    const cashDifference = (account.cash[currency] ?? 0) - fromMinor(state.books.get(currency)?.cash ?? 0, currency);
    const exercised = chooseExercised(expired, difference, cashDifference, tolerance);
    if (!exercised) continue;
    for (const [i, option] of expired.entries()) {
      const { position } = option;
      const used = exercised.has(i);
      const how = !used ? 'expired worthless' : position.quantity > 0 ? 'exercised' : 'assigned';
      entries.push({ kind: 'fill', time: option.at, currency, amountMinor: 0, symbol: position.symbol, quantity: -position.quantity, price: 0, multiplier: position.multiplier, commissionMinor: 0, execId: `expiry:${position.symbol}`, note: `${position.symbol} ${how} at its expiry ${option.expiry}: the broker no longer holds it` });
      if (!used) continue;
      const underlyingMultiplier = state.positions.get(underlying)?.multiplier ?? 1;
      entries.push({
        kind: 'fill',
        time: option.at,
        currency,
        amountMinor: toMinor(Math.abs(option.delivery * option.strike * underlyingMultiplier), currency),
        symbol: underlying,
        quantity: option.delivery,
        price: option.strike,
        multiplier: underlyingMultiplier,
        commissionMinor: 0,
        execId: `exercise:${position.symbol}`,
        note: `${option.delivery > 0 ? 'bought' : 'sold'} ${Math.abs(option.delivery)} ${underlying} at the strike ${option.strike}: ${position.symbol} ${how}`,
      });
    }
  }
  return entries;
}

/** The indexes of the one set of expired options whose deliveries explain the underlying's difference (and, among several, the cash's). */
function chooseExercised(expired: readonly Expired[], difference: number, cashDifference: number, tolerance: ReconcileTolerance): Set<number> | undefined {
  const sets: Set<number>[] = [];
  for (let mask = 0; mask < 1 << expired.length; mask++) {
    const chosen = new Set(expired.map((_, i) => i).filter((i) => mask & (1 << i)));
    const moved = [...chosen].reduce((sum, i) => sum + expired[i]!.delivery, 0);
    if (Math.abs(moved - difference) <= tolerance.quantity + 1e-9) sets.push(chosen);
  }
  if (sets.length <= 1) return sets[0];
  const cashOf = (chosen: Set<number>) => -[...chosen].reduce((sum, i) => sum + expired[i]!.delivery * expired[i]!.strike, 0);
  const byCash = sets.filter((chosen) => Math.abs(cashOf(chosen) - cashDifference) <= tolerance.cash + 1e-9);
  return byCash.length === 1 ? byCash[0] : undefined;
}

