import type { Quote } from '../domain/bar.js';
import { fxRatesFromPairs } from '../domain/fx-pair.js';
import type { Instrument } from '../domain/instrument.js';
import type { OrderIntent } from '../domain/order.js';
import type { RiskInput } from './risk-types.js';

/*
 * A passing gate input for the risk tests, with round numbers to work by hand: NLV 100 000 USD
 * = 100 SPY × 400 + 60 000 cash; one CAD is 0.8 USD; one order buys 25 SPY at 400.40.
 * Used by tests only.
 */

export const NOW = Date.UTC(2024, 0, 2, 15, 0);

const stock = (symbol: string, currency: string): Instrument => ({
  symbol,
  secType: 'STK',
  currency,
  exchange: currency === 'CAD' ? 'XTSE' : 'XNYS',
  lotSize: 1,
  tickSize: 0.01,
  multiplier: 1,
});

export const quoteAt = (symbol: string, mid: number, time = NOW): Quote => ({ symbol, bid: mid - 0.01, ask: mid + 0.01, last: mid, time });

export const order = (symbol: string, side: 'BUY' | 'SELL', quantity: number, limitPrice: number, referencePrice: number): OrderIntent => ({
  tag: `r-1:${symbol}`,
  symbol,
  side,
  quantity,
  limitPrice,
  referencePrice,
});

export function riskInput(over: Partial<RiskInput> = {}): RiskInput {
  return {
    orders: [order('SPY', 'BUY', 25, 400.4, 400)],
    account: { accountId: 'DU1', baseCurrency: 'USD', netLiquidation: 100_000, cash: { USD: 60_000 }, positions: [{ symbol: 'SPY', quantity: 100, avgCost: 380 }] },
    instruments: [stock('SPY', 'USD'), stock('XIU', 'CAD')],
    quotes: new Map([quoteAt('SPY', 400), quoteAt('XIU', 30)].map((q) => [q.symbol, q])),
    fx: fxRatesFromPairs('USD', [{ pair: 'USDCAD', price: 1.25 }], ['CAD']),
    now: NOW,
    limits: {
      maxGrossLeverage: 1.5,
      maxWeight: 0.6,
      maxOrderValuePct: 30,
      maxOrders: 10,
      maxFxTradePct: 40,
      maxFxPerRunPct: 60,
      priceBandBps: 50,
      maxQuoteAgeMinutes: 30,
      dailyLossLimitPct: 3,
      allowShort: false,
      closedMarket: 'hold-orders',
    },
    isMarketOpen: () => true,
    killSwitch: { halted: false },
    startOfDayNlv: 101_000,
    errorFlags: [],
    ...over,
  };
}
