import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { midPrice } from '../domain/bar.js';
import { planInputArb } from './plan-arbitrary.fixture.js';
import { planOrders, type PlanInput } from './plan-orders.js';
import { isMultipleOf } from '../domain/rounding.js';

const RELATIVE = 1e-9;

describe('planOrders properties', () => {
  it('orders whole positive lots at tick-exact limits on the safe side of the cap, sells first', () => {
    fc.assert(
      fc.property(planInputArb, (input) => {
        const plan = planOrders(input);
        const offset = input.params.limitOffsetBps / 10_000;
        let seenBuy = false;
        for (const order of plan.orders) {
          const instrument = input.instruments.find((i) => i.symbol === order.symbol)!;
          const mid = midPrice(input.quotes.get(order.symbol)!);
          expect(order.quantity).toBeGreaterThan(0);
          expect(isMultipleOf(order.quantity, instrument.lotSize)).toBe(true);
          expect(isMultipleOf(order.limitPrice, instrument.tickSize)).toBe(true);
          expect(order.limitPrice).toBeGreaterThan(0);
          expect(order.referencePrice).toBe(mid);
          if (order.side === 'BUY') {
            seenBuy = true;
            expect(order.limitPrice).toBeLessThanOrEqual(mid * (1 + offset) * (1 + RELATIVE));
          } else {
            expect(seenBuy).toBe(false);
            expect(order.limitPrice).toBeGreaterThanOrEqual(mid * (1 - offset) * (1 - RELATIVE));
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('has one line for each symbol the forecast weighs or the account holds, in symbol order, whatever the order of the instruments', () => {
    // Listed in any order, with instruments neither weighed nor held (S10 sorts before S2) and a position the config does not list.
    const shuffled = planInputArb.chain((input) => {
      const instruments = [...input.instruments, { ...input.instruments[0]!, symbol: 'S10' }, { ...input.instruments[0]!, symbol: 'A' }];
      const account = { ...input.account, positions: [...input.account.positions, { symbol: 'ZZZ', quantity: 5, avgCost: 1 }] };
      return fc.shuffledSubarray(instruments, { minLength: instruments.length, maxLength: instruments.length }).map((list): PlanInput => ({ ...input, account, instruments: list }));
    });
    fc.assert(
      fc.property(shuffled, (input) => {
        const plan = planOrders(input);
        const expected = new Set(input.forecast.weights.keys());
        for (const p of input.account.positions) if (p.symbol !== 'ZZZ') expected.add(p.symbol);
        expect(plan.lines.map((l) => l.symbol)).toEqual([...expected].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('sends nothing for an instrument whose market is closed, and says what was held back', () => {
    fc.assert(
      fc.property(planInputArb, (input) => {
        const plan = planOrders(input);
        for (const symbol of input.held?.keys() ?? []) {
          expect(plan.orders.some((o) => o.symbol === symbol)).toBe(false);
          const line = plan.lines.find((l) => l.symbol === symbol);
          if (line) expect(line.action).toBe('NONE');
        }
        for (const held of plan.lines.filter((l) => l.reason?.startsWith('held: '))) expect(input.held?.has(held.symbol)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  // Buying power counts only the sells actually planned: a buy never spends the proceeds of a sell held back by a closed market.
  it('never plans buys that cost more than the buying power', () => {
    fc.assert(
      fc.property(planInputArb, (input) => {
        const plan = planOrders(input);
        const nlv = input.account.netLiquidation;
        const rate = (currency: string) => (currency === 'USD' ? 1 : input.fx.rate(currency));
        const atLimit = (side: 'BUY' | 'SELL') =>
          plan.orders
            .filter((o) => o.side === side)
            .reduce((sum, o) => {
              const instrument = input.instruments.find((i) => i.symbol === o.symbol)!;
              return sum + o.quantity * o.limitPrice * instrument.multiplier * rate(instrument.currency);
            }, 0);
        const cash = Object.entries(input.account.cash).reduce((sum, [currency, amount]) => sum + amount * rate(currency), 0);
        const power = cash + atLimit('SELL') - (input.params.cashBufferPct / 100) * nlv + nlv * Math.max(0, input.forecast.leverage - 1);
        const spent = atLimit('BUY');
        expect(spent).toBeLessThanOrEqual(Math.max(0, power) + RELATIVE * Math.max(1, Math.abs(power), spent));
      }),
      { numRuns: 500 },
    );
  });
});
