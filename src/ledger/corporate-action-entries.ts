import { dividendAmounts, splitQuantityChange, type CorporateAction } from '../domain/corporate-action.js';
import { foldLedger } from './apply-entry.js';
import type { LedgerEntry } from './ledger-entry.js';

/** An action of one instrument that has taken effect: `time` is the start of its ex-date's first bar. */
export interface EffectiveAction {
  readonly symbol: string;
  readonly action: CorporateAction;
  readonly time: number;
}

/** The id an action's entry is recorded under, so that it is booked once however many runs see it. */
export function actionEntryId(kind: 'split' | 'dividend' | 'withholding', symbol: string, date: string): string {
  return `${kind}:${symbol}:${date}`;
}

/**
 * The entries that book `actions` on what the ledger held as each took effect: a split adds the
 * shares it makes (`quantity`, negative for a reverse split) at no cost, so the position's cost
 * stays and its cost per share falls; a dividend is income to a long holding (`dividend`), with
 * the tax withheld a `fee`, and a cost to a short one (a `fee`). Actions booked already (by
 * their ids), taking effect before the ledger opened (its opening holds them) or on a symbol
 * the ledger did not hold are left out. Pure.
 */
export function corporateActionEntries(entries: readonly LedgerEntry[], actions: readonly EffectiveAction[], withholdingPct: number): LedgerEntry[] {
  const booked = new Set(entries.flatMap((e) => (e.execId ? [e.execId] : [])));
  const openedAt = Math.min(...entries.filter((e) => e.kind.startsWith('opening')).map((e) => e.time));
  const made: LedgerEntry[] = [];
  for (const { symbol, action, time } of [...actions].sort((a, b) => a.time - b.time)) {
    const id = actionEntryId(action.kind, symbol, action.date);
    if (!(time > openedAt) || booked.has(id)) continue;
    // What the ledger held just before the ex-date's first bar: the entries before it, the actions booked here included.
    const position = foldLedger([...entries, ...made].filter((e) => e.time < time)).positions.get(symbol);
    const held = position?.quantity ?? 0;
    if (!position || held === 0) continue;
    const { currency, multiplier } = position;
    if (action.kind === 'split') {
      made.push({ kind: 'split', time, currency, amountMinor: 0, symbol, quantity: splitQuantityChange(held, action.value), execId: id, note: `split ${action.value} new shares per old share, ex-date ${action.date}` });
      continue;
    }
    const { grossMinor, withheldMinor } = dividendAmounts(held, action.value, multiplier, withholdingPct, currency);
    if (held < 0) {
      made.push({ kind: 'fee', time, currency, amountMinor: grossMinor, symbol, quantity: held, price: action.value, execId: id, note: `dividend of ${action.value} per share paid on a short position, ex-date ${action.date}` });
      continue;
    }
    made.push({ kind: 'dividend', time, currency, amountMinor: grossMinor, symbol, quantity: held, price: action.value, execId: id, note: `dividend of ${action.value} per share, ex-date ${action.date}` });
    if (withheldMinor > 0) made.push({ kind: 'fee', time, currency, amountMinor: withheldMinor, symbol, execId: actionEntryId('withholding', symbol, action.date), note: `tax withheld (${withholdingPct}%) from the dividend of ex-date ${action.date}` });
  }
  return made;
}
