import { describe, expect, it } from 'vitest';
import { parseAccountSummary, type SummaryRow } from './ib-account.js';

const row = (tag: string, value: string, currency: string, account = 'DU1'): SummaryRow => ({ account, tag, value, currency });

describe('parseAccountSummary', () => {
  it('takes NLV and base currency from NetLiquidation and cash per currency from the $LEDGER:ALL rows', () => {
    const summary = parseAccountSummary('DU1', [
      row('NetLiquidation', '101234.56', 'USD'),
      row('TotalCashValue', '51234.56', 'USD'),
      row('CashBalance', '40000.00', 'USD'),
      row('CashBalance', '15000.50', 'CAD'),
      row('CashBalance', '51234.56', 'BASE'),
      row('ExchangeRate', '0.74', 'CAD'),
      row('NetLiquidation', '5', 'USD', 'DU2'),
    ]);
    expect(summary).toEqual({ accountId: 'DU1', baseCurrency: 'USD', netLiquidation: 101234.56, cash: { USD: 40000, CAD: 15000.5 } });
  });

  it('falls back to TotalCashValue in the base currency when IB sends no ledger rows', () => {
    expect(parseAccountSummary('DU1', [row('NetLiquidation', '100', 'CAD'), row('TotalCashValue', '60', 'CAD')]).cash).toEqual({ CAD: 60 });
  });

  it('names the accounts it did get when the configured one is missing', () => {
    expect(() => parseAccountSummary('DU9', [row('NetLiquidation', '100', 'USD')])).toThrow(/DU1.*broker\.account/);
  });
});
