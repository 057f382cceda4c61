import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderVersion } from '../cycle/journal.js';
import type { Fill } from '../domain/order.js';
import { orderSlippages, totalOrderSlippageBps } from './order-slippage.js';

const T0 = Date.UTC(2025, 0, 2, 15);

// Orders of random side, decision and arrival prices (an arrival sometimes missing, as in older
// rows), each with one to four fills near the decision price, and sometimes in another currency.
const order = fc.record({
  side: fc.constantFrom('BUY' as const, 'SELL' as const),
  decision: fc.double({ min: 1, max: 1_000, noNaN: true }),
  arrivalMove: fc.option(fc.double({ min: -0.02, max: 0.02, noNaN: true }), { nil: undefined }),
  fills: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 10_000 }), move: fc.double({ min: -0.05, max: 0.05, noNaN: true }) }), { minLength: 1, maxLength: 4 }),
  fxRate: fc.constantFrom(1, 0.7, 1.3),
});

describe('per-order slippage totals', () => {
  it('the value-weighted total lies between the least and the most any order paid, against either price', () => {
    fc.assert(
      fc.property(fc.array(order, { minLength: 1, maxLength: 12 }), (drawn) => {
        const versions: OrderVersion[] = [];
        const fills: Fill[] = [];
        const rates = new Map<string, number>();
        drawn.forEach((o, k) => {
          const tag = `r-1:S${k}`;
          rates.set(tag, o.fxRate);
          versions.push({ tag, brokerId: String(k), runId: 'r-1', intentTag: tag, symbol: `S${k}`, side: o.side, at: T0, reason: 'placed', quantity: 1, limitPrice: o.decision, filledQuantity: 0, decisionPrice: o.decision, ...(o.arrivalMove === undefined ? {} : { arrivalPrice: o.decision * (1 + o.arrivalMove) }) });
          o.fills.forEach((f, i) => fills.push({ execId: `${k}.${i}`, brokerOrderId: String(k), tag, symbol: `S${k}`, side: o.side, quantity: f.quantity, price: o.decision * (1 + f.move), commission: 0, currency: 'USD', time: T0 + i }));
        });
        const orders = orderSlippages({ versions, fills, valueBase: (f) => f.quantity * f.price * rates.get(f.tag)! });
        expect(orders).toHaveLength(drawn.length);
        for (const against of ['vsDecisionBps', 'vsArrivalBps'] as const) {
          const figures = orders.map((o) => o[against]).filter((bps): bps is number => bps !== undefined);
          const total = totalOrderSlippageBps(orders, against);
          if (figures.length === 0) {
            expect(total).toBeUndefined();
            continue;
          }
          const slack = 1e-9 * Math.max(1, ...figures.map(Math.abs));
          expect(total!).toBeGreaterThanOrEqual(Math.min(...figures) - slack);
          expect(total!).toBeLessThanOrEqual(Math.max(...figures) + slack);
        }
      }),
    );
  });
});
