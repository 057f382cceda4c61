import { describe, expect, it } from 'vitest';
import { optionInstrument, type ComboInstrument } from '../../domain/option.js';
import { comboInstrument } from '../../options/choose-legs.js';
import { expiryTime } from '../../options/paper-chain.js';
import { at, dailyBar, intent, paperSetup, SPY } from './paper-broker.fixture.js';

const MODEL = { volatility: 0.2, riskFreeRate: 0, spreadPct: 2, strikeStepPct: 1 };
const QQQ = { ...SPY, symbol: 'QQQ' };

function straddle(expiry: string, strike: number, underlying = SPY): ComboInstrument {
  return comboInstrument('spy-straddle', underlying, [
    { instrument: optionInstrument(underlying, expiry, 'C', strike), ratio: 1, action: 'BUY' },
    { instrument: optionInstrument(underlying, expiry, 'P', strike), ratio: 1, action: 'BUY' },
  ]);
}

// SPY trades at 100 every day; on Friday 5 January 2024 (day 3) it closes at 104.
const BARS = { SPY: [0, 1, 2, 3, 4, 5, 6].map((n) => (n === 3 ? dailyBar(n, 104, 104, 104, 104, 1e6) : dailyBar(n, 100, 100, 100, 100, 1e6))) };

describe('the paper broker trades option combinations', () => {
  it('lists a chain of weekly expiries and strikes around the price', async () => {
    const { broker } = await paperSetup({ bars: BARS, now: at(1, 15), optionModel: MODEL });
    const chain = await broker.optionChain!(SPY);
    expect(chain.expiries.slice(0, 3)).toEqual(['2024-01-05', '2024-01-12', '2024-01-19']);
    expect(chain.strikes).toContain(100);
    expect(chain.multiplier).toBe(100);
  });

  it('fills every leg together at its own quote once the limit reaches the net ask, and none before', async () => {
    const { broker } = await paperSetup({ bars: BARS, now: at(1, 15), optionModel: MODEL });
    const combo = straddle('2024-01-19', 100);
    const [net] = await broker.quotes([combo]);
    const [call, put] = await broker.quotes(combo.legs.map((l) => l.instrument));
    expect(net!.ask).toBeCloseTo(call!.ask + put!.ask, 8);
    const low = await broker.placeOrder(intent('BUY', 'spy-straddle', 2, Number((net!.ask - 0.05).toFixed(2)), 'r-test:low'), combo);
    expect(low.status).toBe('submitted');
    expect(await broker.executions(0)).toEqual([]);
    const cashBefore = (await broker.account()).cash.USD!;
    const filled = await broker.placeOrder(intent('BUY', 'spy-straddle', 2, net!.ask, 'r-test:at-ask'), combo);
    expect(filled).toMatchObject({ status: 'filled', filledQuantity: 2, symbol: 'spy-straddle' });
    const fills = (await broker.executions(0)).filter((f) => f.tag === 'r-test:at-ask');
    expect(fills.map((f) => [f.symbol, f.side, f.quantity, f.price, f.brokerOrderId])).toEqual([
      ['SPY-20240119-C-100', 'BUY', 2, call!.ask, filled.brokerId],
      ['SPY-20240119-P-100', 'BUY', 2, put!.ask, filled.brokerId],
    ]);
    const account = await broker.account();
    expect(account.positions.filter((p) => p.symbol.startsWith('SPY-')).map((p) => [p.symbol, p.quantity])).toEqual([['SPY-20240119-C-100', 2], ['SPY-20240119-P-100', 2]]);
    const paid = (call!.ask + put!.ask) * 2 * 100 + fills.reduce((sum, f) => sum + f.commission, 0);
    expect(account.cash.USD).toBeCloseTo(cashBefore - paid, 2);
  });

  it('rejects a combination with a leg it cannot trade, filling none of its legs', async () => {
    const { broker } = await paperSetup({ bars: BARS, now: at(1, 15), optionModel: MODEL });
    const order = await broker.placeOrder(intent('BUY', 'spy-straddle', 1, 50), straddle('2024-01-19', 100, QQQ));
    expect(order.status).toBe('rejected');
    expect(order.rejectReason).toMatch(/not an option on a configured stock/);
    expect(await broker.executions(0)).toEqual([]);
  });

  it('settles options at expiry at their intrinsic value, in cash, and drops them from the positions', async () => {
    const { broker, clock } = await paperSetup({ bars: BARS, now: at(1, 15), optionModel: MODEL });
    const combo = straddle('2024-01-05', 100);
    const [net] = await broker.quotes([combo]);
    await broker.placeOrder(intent('BUY', 'spy-straddle', 1, net!.ask), combo);
    const cash = (await broker.account()).cash.USD!;
    clock.set(at(4, 15));
    const account = await broker.account();
    expect(account.positions.filter((p) => p.symbol.startsWith('SPY-'))).toEqual([]);
    const settled = (await broker.executions(0)).filter((f) => f.tag.startsWith('r-expiry-20240105:'));
    expect(settled.map((f) => [f.symbol, f.side, f.quantity, f.price, f.commission])).toEqual([
      ['SPY-20240105-C-100', 'SELL', 1, 4, 0],
      ['SPY-20240105-P-100', 'SELL', 1, 0, 0],
    ]);
    expect(settled.every((f) => f.time >= expiryTime('2024-01-05', 'XNYS'))).toBe(true);
    expect(account.cash.USD).toBeCloseTo(cash + 400, 2);
  });
});
