import { describe, expect, it } from 'vitest';
import { adaptiveLimitOrder, orderStatusOf, sideOf, symbolOf } from './ib-orders.js';
import { ibContract } from './ib-contracts.js';

const SPY = { symbol: 'SPY', secType: 'STK', currency: 'USD', exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 } as const;
const USDCAD = { symbol: 'USDCAD', secType: 'CASH', currency: 'CAD', exchange: 'FX', lotSize: 1, tickSize: 0.00005, multiplier: 1 } as const;

describe('IB orders', () => {
  it('makes an Adaptive DAY limit order tagged with the run tag and transmitted', () => {
    const order = adaptiveLimitOrder({ tag: 'r-1:SPY', symbol: 'SPY', side: 'SELL', quantity: 12, limitPrice: 100.1 + 1e-13, referencePrice: 100.2 }, ibContract(SPY), 'Patient', 'DU1');
    expect(order).toEqual({
      action: 'SELL',
      totalQuantity: 12,
      orderType: 'LMT',
      lmtPrice: 100.1,
      tif: 'DAY',
      orderRef: 'r-1:SPY',
      account: 'DU1',
      transmit: true,
      algoStrategy: 'Adaptive',
      algoParams: [{ tag: 'adaptivePriority', value: 'Patient' }],
    });
  });

  it('sends FX pairs as plain limits on IDEALPRO, named base.quote', () => {
    const contract = ibContract(USDCAD);
    expect(contract).toMatchObject({ symbol: 'USD', currency: 'CAD', secType: 'CASH', exchange: 'IDEALPRO' });
    expect(adaptiveLimitOrder({ tag: 'r-1:USDCAD', symbol: 'USDCAD', side: 'BUY', quantity: 1000, limitPrice: 1.35, referencePrice: 1.35 }, contract, 'Normal', 'DU1').algoStrategy).toBeUndefined();
    expect(symbolOf(contract)).toBe('USDCAD');
  });

  it('maps IB order statuses, with Inactive as a rejection and partial fills kept apart', () => {
    expect(orderStatusOf('PreSubmitted', 0)).toBe('submitted');
    expect(orderStatusOf('Submitted', 5)).toBe('partially-filled');
    expect(orderStatusOf('Filled', 10)).toBe('filled');
    expect(orderStatusOf('ApiCancelled', 0)).toBe('cancelled');
    expect(orderStatusOf('Inactive', 0)).toBe('rejected');
    expect(sideOf('BOT')).toBe('BUY');
    expect(sideOf('SLD')).toBe('SELL');
  });
});
