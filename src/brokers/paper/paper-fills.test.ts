import { describe, expect, it } from 'vitest';
import { SPY, USDCAD, at, dailyBar, flatBars, intent, paperSetup } from './paper-broker.fixture.js';

// Hand-worked numbers: spread 2 bps (1 bp each side, rounded out to the 0.01 tick), volume cap
// 10% of a bar, commission max(1.00, 0.005/share) capped at 1% of value.

const swing = [
  dailyBar(0, 100, 101, 99, 100, 10_000),
  dailyBar(1, 100, 100.5, 99.2, 99.5, 10_000),
  dailyBar(2, 98, 99, 97.5, 98.5, 10_000),
  dailyBar(3, 98.5, 99, 98, 98.8, 10_000),
];

describe('paper broker fills', () => {
  it('trades an FX pair as a conversion: the cash of both currencies moves, no position is left, and IB\'s FX commission is charged', async () => {
    const { broker } = await paperSetup({ bars: { SPY: swing, USDCAD: flatBars(1.25, 0) }, now: at(1, 6) });
    // USDCAD at 1.25 with a spread of 2 bps: bid 1.24985, ask 1.25015 (tick 0.00005).
    const [quote] = await broker.quotes([USDCAD]);
    expect(quote).toMatchObject({ bid: 1.24985, ask: 1.25015 });
    const sold = await broker.placeOrder(intent('SELL', 'USDCAD', 40_000, 1.2495, 'r-1:USDCAD'), USDCAD);
    expect(sold).toMatchObject({ status: 'filled', filledQuantity: 40_000 });
    const account = await broker.account();
    // 40 000 USD sold at the bid for 49 994.00 CAD, less the commission max(2, 0.2 bp × 49 994) = 2.00 CAD.
    expect(account.cash).toEqual({ USD: 60_000, CAD: 49_992 });
    expect(account.positions).toEqual([]);
    expect((await broker.executions(0))[0]).toMatchObject({ symbol: 'USDCAD', side: 'SELL', quantity: 40_000, price: 1.24985, commission: 2, currency: 'CAD' });
  });

  it('quotes each instrument at its own place whatever the order asked, and again when the clock moves', async () => {
    const { broker, clock } = await paperSetup({ bars: { SPY: swing, USDCAD: flatBars(1.25, 0) }, now: at(1, 6) });
    const spy = { symbol: 'SPY', bid: 99.99, ask: 100.01, last: 100, time: at(1) };
    const usdcad = { symbol: 'USDCAD', bid: 1.24985, ask: 1.25015, last: 1.25, time: at(1) };
    expect(await broker.quotes([SPY, USDCAD])).toEqual([spy, usdcad]);
    expect(await broker.quotes([SPY, USDCAD])).toEqual([spy, usdcad]);
    expect(await broker.quotes([USDCAD, SPY])).toEqual([usdcad, spy]);
    // Another instrument under the same symbol is quoted on its own terms (here a coarser tick).
    expect(await broker.quotes([{ ...SPY, tickSize: 0.05 }])).toEqual([{ ...spy, bid: 99.95, ask: 100.05 }]);
    clock.set(at(2, 6));
    // Day 2 is in progress: price = its open 98 → bid 97.99 (97.9902 down), ask 98.01 (98.0098 up).
    expect(await broker.quotes([SPY, USDCAD])).toEqual([{ symbol: 'SPY', bid: 97.99, ask: 98.01, last: 98, time: at(2) }, { ...usdcad, time: at(2) }]);
  });

  it('fills a crossing limit at once at the quote, as an exchange would', async () => {
    const { broker } = await paperSetup({ bars: { SPY: swing, USDCAD: flatBars(1.25, 0) }, now: at(1, 6) });
    // Day 1 is in progress: price = its open 100 → bid 99.99, ask 100.01.
    const [quote] = await broker.quotes([SPY]);
    expect(quote).toEqual({ symbol: 'SPY', bid: 99.99, ask: 100.01, last: 100, time: at(1) });

    const bought = await broker.placeOrder(intent('BUY', 'SPY', 100, 100.05, 'r-1:SPY'), SPY);
    expect(bought).toMatchObject({ brokerId: '1', status: 'filled', filledQuantity: 100 });
    const sold = await broker.placeOrder(intent('SELL', 'SPY', 40, 99.9, 'r-2:SPY'), SPY);
    expect(sold).toMatchObject({ brokerId: '2', status: 'filled', filledQuantity: 40 });

    expect(await broker.executions(0)).toEqual([
      { execId: expect.stringMatching(/^paper-[0-9a-f]{10}-1-1$/) as unknown as string, brokerOrderId: '1', tag: 'r-1:SPY', symbol: 'SPY', side: 'BUY', quantity: 100, price: 100.01, commission: 1, currency: 'USD', time: at(1, 6) },
      { execId: expect.stringMatching(/^paper-[0-9a-f]{10}-2-2$/) as unknown as string, brokerOrderId: '2', tag: 'r-2:SPY', symbol: 'SPY', side: 'SELL', quantity: 40, price: 99.99, commission: 1, currency: 'USD', time: at(1, 6) },
    ]);
    const account = await broker.account();
    // 100,000 − 100 × 100.01 − 1 + 40 × 99.99 − 1 = 93,996.60; the reduction keeps the cost 100.01.
    expect(account.cash).toEqual({ USD: 93_996.6 });
    expect(account.positions).toEqual([{ symbol: 'SPY', quantity: 60, avgCost: 100.01 }]);
    // NLV at the last price 100: 93,996.60 + 60 × 100.
    expect(account.netLiquidation).toBe(99_996.6);
  });

  it('rests a buy below the ask and fills it at the limit only once a bar that ends after it trades through', async () => {
    // Connected while day 0 is in progress, so day 0 (low 99) is matched on the same call that
    // places the order, and must not fill it: it ended before the order existed.
    const { broker, clock } = await paperSetup({ bars: { SPY: swing, USDCAD: flatBars(1.25, 0) }, now: at(0, 12) });
    clock.set(at(1, 6));
    const order = await broker.placeOrder(intent('BUY', 'SPY', 50, 99.3), SPY);
    expect(order).toMatchObject({ status: 'submitted', filledQuantity: 0 });

    // Day 1's low 99.2 goes through 99.30, but day 1 has not ended yet.
    clock.set(at(1, 20));
    expect(await broker.openOrders()).toMatchObject([{ brokerId: order.brokerId, status: 'submitted', filledQuantity: 0 }]);

    clock.set(at(2, 1));
    expect(await broker.openOrders()).toEqual([]);
    const [fill] = await broker.executions(0);
    // min(limit 99.30, open 100) = 99.30, known when day 1 ended.
    expect(fill).toMatchObject({ quantity: 50, price: 99.3, commission: 1, time: at(2) });
    expect((await broker.account()).cash).toEqual({ USD: 95_034 });
  });

  it('fills a resting buy at the open when a later bar gaps below the limit', async () => {
    const { broker, clock } = await paperSetup({ bars: { SPY: swing, USDCAD: flatBars(1.25, 0) }, now: at(1, 6) });
    await broker.placeOrder(intent('BUY', 'SPY', 50, 99), SPY);
    clock.set(at(2, 1));
    // Day 1's low 99.2 stayed above 99.
    expect(await broker.executions(0)).toEqual([]);
    clock.set(at(3, 1));
    // Day 2 opened at 98, below the limit: the buy gets the better price.
    expect(await broker.executions(0)).toMatchObject([{ quantity: 50, price: 98, time: at(3) }]);
    // 100,000 − 50 × 98 − 1.
    expect((await broker.account()).cash).toEqual({ USD: 95_099 });
  });

  it('fills a resting sell when a later high reaches the limit', async () => {
    const { broker, clock } = await paperSetup({ bars: { SPY: swing, USDCAD: flatBars(1.25, 0) }, now: at(1, 6) });
    await broker.placeOrder(intent('SELL', 'SPY', 50, 100.4), SPY);
    clock.set(at(2, 1));
    // Day 1's high 100.5 ≥ 100.40: max(100.40, open 100) = 100.40; a short opens at that cost.
    expect(await broker.executions(0)).toMatchObject([{ side: 'SELL', quantity: 50, price: 100.4, time: at(2) }]);
    const account = await broker.account();
    expect(account.positions).toEqual([{ symbol: 'SPY', quantity: -50, avgCost: 100.4 }]);
    // 100,000 + 5,020 − 1.
    expect(account.cash).toEqual({ USD: 105_019 });
  });

  it('caps fills at a share of bar volume and fills the rest on later bars, paying one order’s commission', async () => {
    const thin = [
      dailyBar(0, 100, 101, 99, 100, 1000),
      dailyBar(1, 100, 100.5, 99.5, 100.2, 1000),
      dailyBar(2, 100.2, 100.6, 99.9, 100.4, 500),
      ...flatBars(100.4, 1000, 5).slice(3),
    ];
    const { broker, clock } = await paperSetup({ bars: { SPY: thin, USDCAD: flatBars(1.25, 0) }, now: at(1, 6) });
    // Marketable (ask 100.01); day 0's volume 1,000 allows 100 now.
    const order = await broker.placeOrder(intent('BUY', 'SPY', 250, 100.05), SPY);
    expect(order).toMatchObject({ status: 'partially-filled', filledQuantity: 100 });

    clock.set(at(2, 1));
    // Day 1: 100 more at min(100.05, open 100) = 100.
    expect(await broker.openOrders()).toMatchObject([{ status: 'partially-filled', filledQuantity: 200 }]);

    clock.set(at(3, 1));
    // Day 2 traded 500: 50 more at min(100.05, open 100.20) = 100.05, which completes the order.
    expect(await broker.awaitOrders([order.brokerId], 0)).toMatchObject([{ status: 'filled', filledQuantity: 250 }]);
    const fills = await broker.executions(0);
    expect(fills.map((f) => [f.quantity, f.price, f.commission])).toEqual([
      [100, 100.01, 1],
      [100, 100, 0],
      [50, 100.05, 0.25],
    ]);
    // Commission of one 250-share order: max(1.00, 250 × 0.005) = 1.25.
    expect(fills.reduce((sum, f) => sum + f.commission, 0)).toBeCloseTo(1.25, 10);
    const account = await broker.account();
    // 100,000 − (10,001 + 10,000 + 5,002.50) − 1.25.
    expect(account.cash).toEqual({ USD: 74_995.25 });
    expect(account.positions).toEqual([{ symbol: 'SPY', quantity: 250, avgCost: 25_003.5 / 250 }]);
  });
});

