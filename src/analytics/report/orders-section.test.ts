import { describe, expect, it } from 'vitest';
import type { OrderVersion } from '../../cycle/journal.js';
import type { Fill } from '../../domain/order.js';
import { orderSlippages } from '../order-slippage.js';
import { ordersSection } from './orders-section.js';

const T0 = Date.UTC(2025, 10, 14, 15, 0);
const base = { brokerId: '7', runId: 'r-1', quantity: 100, filledQuantity: 0, decisionPrice: 100 } as const;
const versions: OrderVersion[] = [
  { ...base, tag: 'r-1:SPY', intentTag: 'r-1:SPY', symbol: 'SPY', side: 'BUY', at: T0, reason: 'placed', limitPrice: 99.95, arrivalPrice: 100.02 },
  { ...base, tag: 'r-1:SPY', intentTag: 'r-1:SPY', symbol: 'SPY', side: 'BUY', at: T0 + 60_000, reason: 'deadline', limitPrice: 100.05, arrivalPrice: 100.04 },
];
const fills: Fill[] = [
  { execId: 'e1', brokerOrderId: '7', tag: 'r-1:SPY', symbol: 'SPY', side: 'BUY', quantity: 100, price: 100.05, commission: 1, currency: 'USD', time: T0 + 60_000 },
  { execId: 'e2', brokerOrderId: '5', tag: 'r-0:IEF', symbol: 'IEF', side: 'SELL', quantity: 10, price: 95.9, commission: 1, currency: 'USD', time: T0 - 86_400_000 },
];

describe('the report\'s orders section', () => {
  const orders = orderSlippages({ versions, fills, referencePrices: new Map([['r-0:IEF', 96]]) });
  const html = ordersSection(orders, 'USD');

  it('shows each order against its decision and arrival prices, then each step with what filled under it', () => {
    expect(html).toContain('<td>BUY SPY</td><td>100</td><td>100.05</td><td></td><td>100.00</td><td>100.02</td><td>+5.0</td><td>+3.0</td><td>1</td>');
    expect(html).toContain('<td>↳ placed</td><td>0</td><td>—</td><td>99.95</td><td>100.00</td><td>100.02</td><td>—</td><td>—</td>');
    expect(html).toContain('<td>↳ deadline</td><td>100</td><td>100.05</td><td>100.05</td><td>100.00</td><td>100.04</td><td>+5.0</td><td>+1.0</td>');
  });

  it('shows a dash, not zero, where an older order has no arrival price, and leaves it out of that total', () => {
    expect(html).toContain('<td>SELL IEF</td><td>10</td><td>95.90</td><td></td><td>96.00</td><td>—</td><td>+10.4</td><td>—</td><td>0</td>');
    expect(html).toMatch(/vs arrival price \(value-weighted\)<\/th><td>\+3\.0 bps/);
    expect(html).toContain('data-chart="Slippage per order (bps, cost positive)"');
  });

  it('says so when no order filled', () => {
    expect(ordersSection([], 'USD')).toContain('No orders filled in this period.');
  });
});
