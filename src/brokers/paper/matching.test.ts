import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { windowOf } from '../../data/bar-series.js';
import { InMemoryMarketData } from '../../data/in-memory-market-data.js';
import { BarsMarketView } from './market-view.js';
import { PaperMatchingEngine } from './matching.js';
import { DAY, SPY, USDCAD, at, dailyBar, flatBars, intent, paperConfig } from './paper-broker.fixture.js';
import { newPaperState } from './paper-state.js';
import { AccountValuer, type AccountValuation } from './valuation.js';

// The backtester drives the engine directly, without the facade's clock and store.
function engineAt(time: number) {
  return new PaperMatchingEngine({ config: paperConfig, baseCurrency: 'USD', instruments: [SPY, USDCAD], state: newPaperState({ USD: 100_000 }, time, 'test') });
}

describe('PaperMatchingEngine driven bar by bar', () => {
  const bars = [dailyBar(0, 100, 101, 98, 100, 10_000), dailyBar(1, 100, 100.5, 99.5, 100, 10_000), dailyBar(2, 100, 100, 98.5, 99, 10_000)];
  const series = new Map([
    ['SPY', windowOf(bars)],
    ['USDCAD', windowOf(flatBars(1.25, 0))],
  ]);

  it('ignores a bar that ended before the order was placed', () => {
    const engine = engineAt(at(0));
    const order = engine.place(intent('BUY', 'SPY', 10, 99), new BarsMarketView(series, at(1, 6)));
    expect(order.status).toBe('submitted');
    // Day 0 (low 98) ended at day 1 00:00, before the order.
    expect(engine.matchBar('SPY', bars[0]!, at(1))).toEqual([]);
    // Day 1 (low 99.5) ends after it but stays above the limit; day 2 (low 98.5) fills at 99.
    expect(engine.advance(series, at(2, 1))).toEqual([]);
    expect(engine.advance(series, at(3, 1))).toMatchObject([{ quantity: 10, price: 99, time: at(3) }]);
    expect(engine.state.processedUntil).toBe(at(3, 1));
  });

  it('matches each ended bar once, however the time is cut into steps', () => {
    const stepped = engineAt(at(0));
    const jumped = engineAt(at(0));
    for (const engine of [stepped, jumped]) engine.place(intent('BUY', 'SPY', 2000, 99.8), new BarsMarketView(series, at(0, 12)));
    // 2,000 at 10% of 10,000 per bar: day 0 (low 98) fills 1,000, day 1 (low 99.5) the other 1,000.
    for (let hour = 13; hour <= 72; hour++) stepped.advance(series, at(0, hour));
    jumped.advance(series, at(3));
    expect(stepped.state.fills.map((f) => [f.quantity, f.price, f.time])).toEqual([
      [1000, 99.8, at(1)],
      [1000, 99.8, at(2)],
    ]);
    expect(jumped.state.fills).toEqual(stepped.state.fills);
  });
});

describe('next-open fills', () => {
  const QQQ = { ...SPY, symbol: 'QQQ' };
  const days = 12;
  // Opens that tell the bars apart, a volume no order reaches.
  const dayBars = (base: number) => Array.from({ length: days }, (_, n) => dailyBar(n, base + n, base + n + 1, base + n - 1, base + n, 1e9));
  const data = new InMemoryMarketData(new Map([['SPY', dayBars(100)], ['QQQ', dayBars(300)]]));
  const symbols = ['SPY', 'QQQ'];
  const placement = fc.record({ hours: fc.integer({ min: 0, max: 24 * (days - 2) }), symbol: fc.constantFrom('SPY', 'QQQ'), side: fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL'), quantity: fc.integer({ min: 1, max: 50 }) });

  it('fill each order whole at the open of the first bar of its symbol after it was placed: in time order, sells first at one open, then by order id', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(placement, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 24 * days }), { maxLength: 10 }), async (drawn, marks) => {
        const placements = [...drawn].sort((a, b) => a.hours - b.hours);
        const engine = new PaperMatchingEngine({ config: { ...paperConfig, spreadBps: 0, initialCash: { USD: 1e9 } }, baseCurrency: 'USD', instruments: [SPY, QQQ], state: newPaperState({ USD: 1e9 }, at(0), 'test'), fillModel: 'next-open-market' });
        // The clock visits every placement and the drawn marks, in time order, as a backtest's runs and marks do.
        const visits = [...placements.map((p) => ({ time: at(0, p.hours), place: p })), ...marks.map((hours) => ({ time: at(0, hours), place: undefined })), { time: at(days), place: undefined }].sort((a, b) => a.time - b.time);
        let n = 0;
        for (const { time, place } of visits) {
          const windows = await data.barsOf(symbols, time);
          engine.advance(windows, time);
          if (place) engine.place(intent(place.side, place.symbol, place.quantity, 1, `r:${n++}`), new BarsMarketView(windows, time));
        }
        const expected = engine.state.orders
          .map((order) => ({ order, time: at(Math.floor((order.placedAt - at(0)) / DAY) + 1) }))
          .sort((a, b) => a.time - b.time || (a.order.side === b.order.side ? Number(a.order.id) - Number(b.order.id) : a.order.side === 'SELL' ? -1 : 1))
          .map(({ order, time }) => ({ brokerOrderId: order.id, quantity: order.quantity, time, price: (order.symbol === 'SPY' ? 100 : 300) + (time - at(0)) / DAY }));
        expect(engine.state.fills.map(({ brokerOrderId, quantity, time, price }) => ({ brokerOrderId, quantity, time, price }))).toEqual(expected);
      }),
    );
  });
});

describe('working orders', () => {
  it('lists the working orders in the order they started working, whatever stops them and in whatever order', () => {
    const symbols = ['S0', 'S1', 'S2', 'S3', 'S4'];
    const instruments = symbols.map((symbol) => ({ ...SPY, symbol }));
    const series = new Map(symbols.map((symbol) => [symbol, windowOf(flatBars(100, 10_000))]));
    const view = new BarsMarketView(series, at(1, 6));
    // place: a buy below the market (it works); cancel / modify: the working order at that index.
    // More places than removals, so that the list grows past the length at which its holes are packed.
    const step = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('place' as const), symbol: fc.integer({ min: 0, max: symbols.length - 1 }) }), weight: 2 },
      { arbitrary: fc.record({ kind: fc.constantFrom('cancel' as const, 'modify' as const), index: fc.nat() }), weight: 1 },
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 50, maxLength: 400, size: 'max' }), (steps) => {
        const engine = new PaperMatchingEngine({ config: paperConfig, baseCurrency: 'USD', instruments, state: newPaperState({ USD: 1e9 }, at(0), 'test') });
        const expected: string[] = [];
        let tags = 0;
        for (const drawn of steps) {
          if (drawn.kind === 'place') {
            const order = engine.place(intent('BUY', symbols[drawn.symbol]!, 1, 50, `t${tags++}`), view);
            expect(order.status).toBe('submitted');
            expected.push(order.id);
          } else if (expected.length > 0) {
            const id = expected.splice(drawn.index % expected.length, 1)[0]!;
            if (drawn.kind === 'cancel') engine.cancel(id);
            else {
              // An amended order starts working anew: it goes to the end of the list.
              engine.modify(id, { quantity: 2, limitPrice: 49 }, view);
              expected.push(id);
            }
          }
          expect(engine.workingOrders().map((order) => order.id)).toEqual(expected);
        }
        for (const id of expected) engine.cancel(id);
        expect(engine.workingOrders()).toEqual([]);
        // The tags of orders no longer working are free again.
        if (tags > 0) expect(engine.place(intent('BUY', 'S0', 1, 50, 't0'), view).status).toBe('submitted');
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a tag only while an order with it works, however many orders came and went beside a long-lived one', () => {
    const series = new Map([['SPY', windowOf(flatBars(100, 10_000))]]);
    const view = new BarsMarketView(series, at(1, 6));
    const engine = new PaperMatchingEngine({ config: paperConfig, baseCurrency: 'USD', instruments: [SPY], state: newPaperState({ USD: 1e9 }, at(0), 'test') });
    const kept = engine.place(intent('BUY', 'SPY', 1, 50, 'kept'), view);
    for (let n = 0; n < 300; n++) {
      const order = engine.place(intent('BUY', 'SPY', 1, 50, `t${n}`), view);
      expect(order.status).toBe('submitted');
      expect(engine.place(intent('BUY', 'SPY', 1, 50, `t${n}`), view)).toMatchObject({ status: 'rejected', rejectReason: `tag t${n} is already used by working order ${order.id}` });
      engine.cancel(order.id);
    }
    expect(engine.place(intent('BUY', 'SPY', 1, 50, 'kept'), view)).toMatchObject({ status: 'rejected', rejectReason: `tag kept is already used by working order ${kept.id}` });
    for (let n = 0; n < 300; n += 37) expect(engine.place(intent('BUY', 'SPY', 1, 50, `t${n}`), view).status).toBe('submitted');
    expect(engine.workingOrders().map((order) => order.tag)).toEqual(['kept', 't0', 't37', 't74', 't111', 't148', 't185', 't222', 't259', 't296']);
  });
});

describe('valuations at one moment', () => {
  const bars = [dailyBar(0, 100, 101, 98, 100, 1e9), dailyBar(1, 100, 100.5, 99.5, 100, 1e9)];
  const series = new Map([
    ['SPY', windowOf(bars)],
    ['USDCAD', windowOf(flatBars(1.25, 0))],
  ]);
  const outcome = (value: () => unknown) => {
    try {
      return { value: value() };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };

  it('gives what a new valuation gives, however orders, fills and asked-for rates come between two at the same view', () => {
    const step = fc.oneof(
      fc.record({ place: fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL'), quantity: fc.integer({ min: 1, max: 300 }), marketable: fc.boolean() }),
      fc.record({ needed: fc.subarray(['CAD', 'EUR', 'USD']) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const engine = engineAt(at(0));
        const view = new BarsMarketView(series, at(1, 6));
        let n = 0;
        let last: AccountValuation | undefined;
        for (const s of steps) {
          if ('place' in s) {
            const limit = s.marketable === (s.place === 'BUY') ? 101 : 99;
            engine.place(intent(s.place, 'SPY', s.quantity, limit, `r-test:${n++}`), view);
          }
          const needed = 'needed' in s ? s.needed : [];
          const got = outcome(() => engine.value(view, needed));
          expect(got).toEqual(outcome(() => new AccountValuer(engine.instruments, 'USD').value(engine.state, view, needed)));
          if ('value' in got) {
            const valuation = got.value as AccountValuation;
            // A record of its own, as a new valuation's is.
            expect(valuation.cash).not.toBe(last?.cash);
            last = valuation;
          }
        }
      }),
    );
  });
});
