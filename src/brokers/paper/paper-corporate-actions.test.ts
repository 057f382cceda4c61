import { describe, expect, it } from 'vitest';
import type { CorporateAction } from '../../domain/corporate-action.js';
import { SPY, at, flatBars, intent, paperSetup } from './paper-broker.fixture.js';

// SPY trades at 100 for three days, then at 50 per new share of a 2-for-1 split on day 3.
const bars = { SPY: [...flatBars(100, 1_000_000, 3), ...flatBars(50, 2_000_000, 6).slice(3)], USDCAD: flatBars(1.25, 0, 6) };
const exDate = (n: number): { date: string; time: number } => ({ date: new Date(at(n)).toISOString().slice(0, 10), time: at(n) });
const split: CorporateAction = { kind: 'split', ...exDate(3), value: 2 };
const dividend: CorporateAction = { kind: 'dividend', ...exDate(4), value: 0.52 };

describe('paper broker corporate actions', () => {
  it('splits a position as its ex-date\'s first bar starts: twice the shares at half the cost, the same value', async () => {
    const { broker, clock } = await paperSetup({ bars, now: at(1, 6), actions: { SPY: [split] } });
    await broker.placeOrder(intent('BUY', 'SPY', 100, 100.05), SPY);
    const [bought] = (await broker.account()).positions;
    expect(bought).toMatchObject({ symbol: 'SPY', quantity: 100 });
    clock.set(at(3) - 1);
    const before = await broker.account();
    expect(before.positions[0]).toEqual(bought);
    clock.set(at(3));
    const after = await broker.account();
    expect(after.positions[0]).toEqual({ ...bought, quantity: 200, avgCost: bought!.avgCost / 2 });
    expect(after.cash).toEqual(before.cash);
    expect(after.netLiquidation).toBeCloseTo(before.netLiquidation, 2);
  });

  it('adjusts a working order through a split: what remains to fill becomes more shares at a lower limit', async () => {
    const { broker, clock } = await paperSetup({ bars, now: at(1, 6), actions: { SPY: [split] } });
    const order = await broker.placeOrder(intent('BUY', 'SPY', 40, 90), SPY);
    clock.set(at(3));
    expect(await broker.awaitOrders([order.brokerId], 0)).toMatchObject([{ quantity: 80, limitPrice: 45, filledQuantity: 0 }]);
  });

  it('pays a dividend on the shares held at the ex-date, less the withholding, once however many connections see it', async () => {
    const { broker, clock, reopen } = await paperSetup({ bars, now: at(1, 6), actions: { SPY: [split, dividend] }, config: { dividendWithholdingPct: 15 } });
    await broker.placeOrder(intent('BUY', 'SPY', 100, 100.05), SPY);
    clock.set(at(3, 12));
    const cash = (await broker.account()).cash.USD!;
    await broker.disconnect();
    clock.set(at(4, 12));
    const later = reopen();
    await later.connect();
    // 200 shares after the split × 0.52 = 104.00, less 15 % = 88.40.
    expect((await later.account()).cash.USD).toBeCloseTo(cash + 88.4, 9);
    clock.set(at(5));
    expect((await later.account()).cash.USD).toBeCloseTo(cash + 88.4, 9);
  });

  it('charges a short seller the whole dividend', async () => {
    const { broker, clock } = await paperSetup({ bars, now: at(1, 6), actions: { SPY: [dividend] } });
    await broker.placeOrder(intent('SELL', 'SPY', 10, 99.95), SPY);
    const cash = (await broker.account()).cash.USD!;
    clock.set(at(4));
    expect((await broker.account()).cash.USD).toBeCloseTo(cash - 5.2, 9);
  });
});
