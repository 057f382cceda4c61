import type { Contract, SecType } from '@stoqey/ib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../domain/instrument.js';
import { ContractSymbols } from './contract-symbols.js';

/** The rule as a scan: the first configured instrument the contract is, else IB's own symbol. */
function firstMatch(instruments: readonly Instrument[], contract: Contract): string {
  const match = instruments.find((i) =>
    i.secType === 'CASH' ? contract.secType === 'CASH' && i.symbol === `${contract.symbol}${contract.currency}` : i.symbol === contract.symbol && i.currency === contract.currency,
  );
  return match?.symbol ?? (contract.secType === 'CASH' ? `${contract.symbol}${contract.currency}` : (contract.symbol ?? ''));
}

// Few letters, so that symbols, currencies and pairs ("EURUSD" = "EUR" + "USD") collide often.
const code = fc.constantFrom('EUR', 'USD', 'CAD', 'EURUSD', 'USDCAD', 'SPY', 'XIU', '');
const secType = fc.constantFrom('STK', 'CASH', 'ETF', 'FUT') as fc.Arbitrary<Instrument['secType']>;
const instrument = fc.record({ symbol: code, secType, currency: fc.constantFrom('EUR', 'USD', 'CAD') }).map(
  (i): Instrument => ({ ...i, exchange: i.secType === 'CASH' ? 'FX' : 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 }) as Instrument,
);
const contract = fc.record({ symbol: fc.option(code, { nil: undefined }), currency: fc.option(fc.constantFrom('EUR', 'USD', 'CAD'), { nil: undefined }), secType: fc.constantFrom('STK', 'CASH', 'FUT') as fc.Arbitrary<SecType> }, { requiredKeys: ['secType'] });

describe('contract symbols', () => {
  it('names every contract as a scan for the first configured instrument it is would, for any instruments', () => {
    fc.assert(
      fc.property(fc.array(instrument, { maxLength: 12 }), fc.array(contract, { minLength: 1, maxLength: 12 }), (instruments, contracts) => {
        const symbols = new ContractSymbols(instruments);
        for (const c of contracts) expect(symbols.symbolFor(c)).toBe(firstMatch(instruments, c));
      }),
      { numRuns: 2000 },
    );
  });

  it('names an FX contract by its pair and a stock by its configured symbol', () => {
    const symbols = new ContractSymbols([
      { symbol: 'XIU', secType: 'STK', currency: 'CAD', exchange: 'XTSE', lotSize: 1, tickSize: 0.01, multiplier: 1 } as Instrument,
      { symbol: 'USDCAD', secType: 'CASH', currency: 'CAD', exchange: 'FX', lotSize: 1, tickSize: 0.00005, multiplier: 1 } as Instrument,
    ]);
    expect(symbols.symbolFor({ symbol: 'XIU', currency: 'CAD', secType: 'STK' as SecType })).toBe('XIU');
    expect(symbols.symbolFor({ symbol: 'USD', currency: 'CAD', secType: 'CASH' as SecType })).toBe('USDCAD');
    expect(symbols.symbolFor({ symbol: 'EUR', currency: 'USD', secType: 'CASH' as SecType })).toBe('EURUSD');
    expect(symbols.symbolFor({ symbol: 'XIU', currency: 'USD', secType: 'STK' as SecType })).toBe('XIU');
  });
});
