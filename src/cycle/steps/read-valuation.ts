import type { AccountSnapshot } from '../../domain/account.js';
import type { Quote } from '../../domain/bar.js';
import type { FxRates } from '../../domain/money.js';
import type { CycleDeps } from '../cycle-deps.js';
import { instrumentCurrencies, tradableInstruments } from '../instruments.js';
import { instrumentPlaces } from '../../planning/instrument-index.js';
import { tradingDate } from '../trading-date.js';
import { quotesBySymbol } from '../quotes-by-symbol.js';

export interface Valuation {
  readonly account: AccountSnapshot;
  /** Quotes of the positions the broker brought no mark for. */
  readonly quotes: ReadonlyMap<string, Quote>;
  readonly fx: FxRates;
}

/**
 * The account after the run's trades, for the snapshot. A position is valued at the broker's
 * own mark where its account read brings one (IB's portfolio updates: one subscription for the
 * whole account), so a quote is read only for a held position without one (the paper broker
 * values at its quotes); the FX rates are those read with the account earlier in the run, when
 * it got that far. Also opens the trading day's record if the account read did not.
 */
export async function readValuation(deps: CycleDeps, now: number, fxAtRead: FxRates | undefined): Promise<Valuation> {
  const { broker, config, journal } = deps;
  const account = await broker.account();
  if (account.baseCurrency !== config.account.baseCurrency) {
    throw new Error(`the broker reports base currency ${account.baseCurrency} but the config says account.baseCurrency: ${config.account.baseCurrency}`);
  }
  const fx = fxAtRead ?? (await broker.fxRates(account.baseCurrency, instrumentCurrencies(config)));
  const { instruments: tradable, placeOf } = instrumentPlaces(tradableInstruments(config));
  // The unmarked positions' instruments, in the config's order, marked by place rather than
  // gathered in a set: a run holds hundreds of positions, and the paper broker marks none.
  const unmarked = new Uint8Array(tradable.length);
  let count = 0;
  for (let j = 0; j < account.positions.length; j++) {
    const p = account.positions[j]!;
    if (p.quantity === 0 || p.marketPrice !== undefined) continue;
    const i = placeOf.get(p.symbol);
    if (i !== undefined && unmarked[i] === 0) {
      unmarked[i] = 1;
      count++;
    }
  }
  const toQuote = count === tradable.length ? tradable : tradable.filter((_instrument, i) => unmarked[i] === 1);
  const quotes = toQuote.length > 0 ? await broker.quotes(toQuote) : [];
  // Kept once: the first reading of the day and of the account.
  await journal.record({ dayStarted: { date: tradingDate(deps, now), startNlv: account.netLiquidation, at: now }, accountStartNlv: account.netLiquidation });
  // The whole list is the shared one (a run without marks quotes every instrument); a subset is made for this run.
  return { account, fx, quotes: quotesBySymbol(quotes, toQuote === tradable ? tradable : undefined) };
}
