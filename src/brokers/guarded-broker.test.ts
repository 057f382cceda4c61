import { describe, expect, it } from 'vitest';
import type { Fill } from '../domain/order.js';
import type { Broker } from './broker.js';
import { GuardedBroker } from './guarded-broker.js';

function brokerReporting(fills: Fill[]): Broker {
  const none = async () => {
    throw new Error('not used');
  };
  return { name: 'scripted', connect: none, disconnect: none, account: none, quotes: none, fxRates: none, openOrders: none, cancelOrder: none, placeOrder: none, modifyOrder: none, awaitOrders: none, completedOrders: none, executions: async () => fills };
}

const fill = (symbol: string, price: number): Fill => ({ execId: `x-${symbol}`, brokerOrderId: '', tag: `r-expiry-20240105:${symbol}`, symbol, side: 'SELL', quantity: 1, price, commission: 0, currency: 'USD', time: 1 });

describe('the guarded broker checks execution prices', () => {
  it('takes an option that expired worthless at price 0', async () => {
    const guarded = new GuardedBroker(brokerReporting([fill('SPY-20240105-P-100', 0)]), 1000);
    expect(await guarded.executions(0)).toHaveLength(1);
  });

  it('still refuses a stock execution at 0 and an option execution below 0', async () => {
    await expect(new GuardedBroker(brokerReporting([fill('SPY', 0)]), 1000).executions(0)).rejects.toThrow(/price is 0, not a positive number/);
    await expect(new GuardedBroker(brokerReporting([fill('SPY-20240105-P-100', -1)]), 1000).executions(0)).rejects.toThrow(/below 0/);
  });

  it('passes the option chain through only when the inner broker lists one', () => {
    expect(new GuardedBroker(brokerReporting([]), 1000).optionChain).toBeUndefined();
  });
});
