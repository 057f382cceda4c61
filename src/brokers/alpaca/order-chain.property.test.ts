import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderTag, parseOrderTag } from '../../domain/order.js';
import type { AlpacaOrder, AlpacaOrderStatus } from './alpaca-wire.js';
import { chainIndexOf, chainOrder, replacementClientOrderId, tagOf } from './order-chain.js';

const runId = fc.stringMatching(/^r-[0-9A-Za-z-]{1,20}$/);
const symbol = fc.stringMatching(/^[A-Za-z0-9.\-_]{1,24}$/);

function leg(id: string, clientOrderId: string, qty: number, filled: number, status: AlpacaOrderStatus, replaces: string | null, replacedBy: string | null): AlpacaOrder {
  return {
    id,
    client_order_id: clientOrderId,
    created_at: '2024-01-03T15:00:00Z',
    submitted_at: '2024-01-03T15:00:00Z',
    filled_at: null,
    replaced_at: null,
    replaced_by: replacedBy,
    replaces,
    symbol: 'SPY',
    asset_class: 'us_equity',
    qty: String(qty),
    filled_qty: String(filled),
    filled_avg_price: null,
    type: 'limit',
    side: 'buy',
    time_in_force: 'day',
    limit_price: '100.5',
    status,
  };
}

describe('an Alpaca order chain as one autofolio order', () => {
  it('every replacement of an order tells the tag back, and the tag still parses as autofolio\'s', () => {
    fc.assert(
      fc.property(runId, symbol, fc.nat(500), (run, sym, n) => {
        const tag = orderTag(run, sym);
        const id = replacementClientOrderId(tag, n);
        expect(tagOf(id)).toBe(tag);
        expect(chainIndexOf(id)).toBe(n);
        expect(parseOrderTag(tagOf(id))).toEqual({ runId: run, symbol: sym });
        expect(id.length).toBeLessThanOrEqual(128);
      }),
    );
  });

  it('keeps the first id and tag, sums the fills of every order, and totals what the earlier ones filled with what the last one is for', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(50), { minLength: 0, maxLength: 6 }), fc.integer({ min: 1, max: 100 }), (earlierFills, lastQty) => {
        const tag = 'r-20240103T150000Z-0001:SPY';
        const legs = [...earlierFills, 0].map((filled, i, all) => {
          const last = i === all.length - 1;
          return leg(`id-${i}`, i === 0 ? tag : replacementClientOrderId(tag, i), last ? lastQty : filled + 5, filled, last ? 'new' : 'replaced', i === 0 ? null : `id-${i - 1}`, last ? null : `id-${i + 1}`);
        });
        const filled = earlierFills.reduce((a, b) => a + b, 0);
        const order = chainOrder(legs);
        expect(order).toMatchObject({ brokerId: 'id-0', tag, filledQuantity: filled, quantity: filled + lastQty, limitPrice: 100.5 });
        expect(order.status).toBe(filled > 0 ? 'partially-filled' : 'submitted');
      }),
    );
  });

  it('a chain whose last order was cancelled is cancelled, with what its earlier orders filled', () => {
    const tag = 'r-x:SPY';
    const order = chainOrder([leg('a', tag, 3, 3, 'replaced', null, 'b'), leg('b', `${tag}~1`, 2, 0, 'canceled', 'a', null)]);
    expect(order).toMatchObject({ brokerId: 'a', status: 'cancelled', filledQuantity: 3, quantity: 5 });
  });

  it('a last order that is itself replaced has a replacement Alpaca has not shown yet: still working', () => {
    expect(chainOrder([leg('a', 'r-x:SPY', 3, 0, 'replaced', null, null)]).status).toBe('submitted');
  });
});
