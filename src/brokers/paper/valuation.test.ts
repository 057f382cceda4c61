import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryMarketData } from '../../data/in-memory-market-data.js';
import type { Position } from '../../domain/account.js';
import type { Bar } from '../../domain/bar.js';
import type { Instrument } from '../../domain/instrument.js';
import { BarsMarketView } from './market-view.js';
import { at, DAY, SPY, USDCAD, XIU } from './paper-broker.fixture.js';
import { newPaperState } from './paper-state.js';
import { fromMinor } from '../../domain/money.js';
import type { MarketView } from './market-view.js';
import type { PaperState } from './paper-state.js';
import { AccountValuer, fxRatesFromView, noDataError, type AccountValuation } from './valuation.js';

const ES: Instrument = { symbol: 'ES', secType: 'FUT', currency: 'USD', exchange: 'CME', lotSize: 1, tickSize: 0.25, multiplier: 50 };
const instruments = [SPY, XIU, USDCAD, ES];
const symbols = instruments.map((instrument) => instrument.symbol);

/** Daily bars on the days given, at prices drawn for each: bar n opens at `prices[n][0]` and closes at `prices[n][1]`. */
function barsOn(days: readonly number[], prices: readonly (readonly [number, number])[]): Bar[] {
  return days.map((day, n) => {
    const [open, close] = prices[n % prices.length]!;
    return { time: at(day), open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1000 };
  });
}

const price = fc.double({ min: 0.5, max: 500, noNaN: true });
const series = fc.record({ days: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 30 }).map((days) => [...days].sort((a, b) => a - b)), prices: fc.array(fc.tuple(price, price), { minLength: 1, maxLength: 10 }) });
// A run of the account: positions bought, resized and closed, and the clock moving forward by
// anything from an hour to many days, as marks and runs see it.
const step = fc.oneof(
  fc.record({ symbol: fc.constantFrom('SPY', 'XIU', 'ES'), quantity: fc.integer({ min: -300, max: 300 }) }),
  fc.record({ hours: fc.integer({ min: 0, max: 24 * 12 }) }),
);

describe('valuing the paper account position by position', () => {
  it('gives at every step what looking every price up again gives, while positions change and the clock moves forward', async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(series, series, series, series), fc.array(step, { maxLength: 60 }), async (drawn, steps) => {
        const data = new InMemoryMarketData(new Map(symbols.map((symbol, i) => [symbol, barsOn(drawn[i]!.days, drawn[i]!.prices)])));
        const table = new Map(instruments.map((instrument) => [instrument.symbol, instrument]));
        const kept = new AccountValuer(table, 'USD');
        const state = newPaperState({ USD: 100_000, CAD: 5_000 }, at(0), null);
        let now = at(0);
        for (const next of steps) {
          if ('hours' in next) now += next.hours * 3_600_000;
          else state.positions = withQuantity(state.positions, next.symbol, next.quantity);
          // The broker's own view (windows over the loaded series, read through cursors) and a
          // view over plain windows, which looks each price up by a search.
          const cursorView = new BarsMarketView(await data.barsOf(symbols, now), now);
          const searchView = new BarsMarketView(new Map(symbols.map((symbol) => [symbol, data.barsNow(symbol, now)])), now);
          expect(outcome(() => kept.value(state, cursorView))).toEqual(outcome(() => new AccountValuer(table, 'USD').value(state, searchView)));
        }
      }),
    );
  });

  it('values, and fails, as the definition does: the prices of the positions first, then the rates asked for, of the cash, of the positions, summed from the cash in position order', async () => {
    const currencies = fc.subarray(['USD', 'CAD', 'EUR']);
    await fc.assert(
      fc.asyncProperty(fc.tuple(series, series, series, series), fc.array(step, { maxLength: 40 }), currencies, fc.boolean(), async (drawn, steps, alsoNeeded, euros) => {
        const data = new InMemoryMarketData(new Map(symbols.map((symbol, i) => [symbol, barsOn(drawn[i]!.days, drawn[i]!.prices)])));
        const table = new Map(instruments.map((instrument) => [instrument.symbol, instrument]));
        const kept = new AccountValuer(table, 'USD');
        // EUR has no pair: held, or asked for, it has no rate.
        const state = newPaperState({ USD: 100_000, CAD: 5_000, ...(euros ? { EUR: 10 } : {}) }, at(0), null);
        let now = at(0);
        for (const next of steps) {
          if ('hours' in next) now += next.hours * 3_600_000;
          else state.positions = withQuantity(state.positions, next.symbol, next.quantity);
          const view = new BarsMarketView(await data.barsOf(symbols, now), now);
          expect(outcome(() => kept.value(state, view, alsoNeeded))).toEqual(outcome(() => valueByDefinition(table, state, view, alsoNeeded)));
        }
      }),
    );
  });

  it('reads a price of the bar in progress as its open and of an ended bar as its close', async () => {
    const data = new InMemoryMarketData(new Map([['SPY', barsOn([0, 1], [[10, 11], [20, 21]])]]));
    const valuer = new AccountValuer(new Map([['SPY', SPY]]), 'USD');
    const state = newPaperState({ USD: 0 }, at(0), null);
    state.positions = [{ symbol: 'SPY', quantity: 2, avgCost: 10 }];
    const symbols = ['SPY'];
    const nlvAt = async (time: number) => valuer.value(state, new BarsMarketView(await data.barsOf(symbols, time), time)).nlv;
    expect(await nlvAt(at(0, 1))).toBe(20);
    expect(await nlvAt(at(1))).toBe(40);
    expect(await nlvAt(at(1) + DAY)).toBe(42);
  });
});

/** The valuation written plainly: every check in its order, every price looked up, the sums from the cash on. */
function valueByDefinition(table: ReadonlyMap<string, Instrument>, state: PaperState, view: MarketView, alsoNeeded: readonly string[]): AccountValuation {
  const values = state.positions.map((position) => {
    const price = view.priceValue(position.symbol);
    if (price === undefined) throw noDataError(position.symbol, view.now);
    const instrument = table.get(position.symbol);
    if (!instrument) throw new Error(`paper broker: the account holds ${position.symbol}, which is no longer among the instruments; add it back to value the account`);
    return { value: position.quantity * price * instrument.multiplier, currency: instrument.currency };
  });
  const needed = [...alsoNeeded, ...Object.keys(state.cash).filter((currency) => state.cash[currency] !== 0), ...values.map((held) => held.currency)];
  const rates = fxRatesFromView('USD', [...table.values()], view, needed);
  const cash = Object.fromEntries(Object.entries(state.cash).map(([currency, minor]) => [currency, fromMinor(minor, currency)]));
  let cashBase = 0;
  for (const [currency, amount] of Object.entries(cash)) if (amount !== 0) cashBase += rates.toBase(amount, currency);
  let nlv = cashBase;
  let grossPositions = 0;
  let netPositions = 0;
  for (const { value, currency } of values) {
    const valueBase = value * rates.rate(currency);
    nlv += valueBase;
    netPositions += valueBase;
    grossPositions += Math.abs(valueBase);
  }
  return { cash, rates, cashBase, nlv, grossPositions, netPositions };
}

function withQuantity(positions: readonly Position[], symbol: string, quantity: number): Position[] {
  const others = positions.filter((position) => position.symbol !== symbol);
  return quantity === 0 ? others : [...others, { symbol, quantity, avgCost: 1 }];
}

/** What a valuation says, or the error's message: both paths must fail alike where a price or a rate is missing. */
function outcome(value: () => AccountValuation): Omit<AccountValuation, 'rates'> | string {
  try {
    const { rates: _rates, ...numbers } = value();
    return numbers;
  } catch (error) {
    return (error as Error).message;
  }
}

