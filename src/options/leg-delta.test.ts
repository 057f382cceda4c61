import { describe, expect, it } from 'vitest';
import type { Quote } from '../domain/bar.js';
import { blackScholesDelta } from './black-scholes.js';
import { legDelta, yearsToExpiry } from './leg-delta.js';

const NOW = Date.parse('2025-11-14T20:30:00Z');
const CALL = { right: 'C' as const, strike: 780, expiry: '2025-12-12', exchange: 'XNYS' };
const MODEL = { volatility: 0.2, riskFreeRate: 0 };
const QUOTE: Quote = { symbol: 'SPY-20251212-C-780', bid: 4, ask: 4.2, last: 4.1, time: NOW };
const atVolatility = (volatility: number) => blackScholesDelta({ right: 'C', spot: 760, strike: 780, years: yearsToExpiry(CALL, NOW), volatility, rate: 0 });

describe('the delta of an option leg', () => {
  it('is the delta the quote carries (IB\'s model greeks, the paper model) when it has one', () => {
    expect(legDelta(CALL, { ...QUOTE, delta: 0.61, impliedVolatility: 0.5 }, 760, NOW, MODEL)).toBe(0.61);
  });

  it('else Black–Scholes at the implied volatility the quote carries, else at options.model.volatility', () => {
    expect(legDelta(CALL, { ...QUOTE, impliedVolatility: 0.5 }, 760, NOW, MODEL)).toBeCloseTo(atVolatility(0.5), 12);
    expect(legDelta(CALL, QUOTE, 760, NOW, MODEL)).toBeCloseTo(atVolatility(0.2), 12);
    expect(legDelta(CALL, undefined, 760, NOW, MODEL)).toBeCloseTo(atVolatility(0.2), 12);
    expect(atVolatility(0.5)).not.toBeCloseTo(atVolatility(0.2), 2);
  });
});
