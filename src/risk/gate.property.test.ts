import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RiskConfig } from '../config/schema.js';
import { midPrice } from '../domain/bar.js';
import { NOW, planInputArb } from '../planning/plan-arbitrary.fixture.js';
import { planOrders } from '../planning/plan-orders.js';
import { evaluateRisk } from './evaluate-risk.js';

const RELATIVE = 1e-9;

const limitsArb: fc.Arbitrary<RiskConfig> = fc.record({
  maxGrossLeverage: fc.double({ min: 0.1, max: 10, noNaN: true }),
  maxWeight: fc.double({ min: 0.05, max: 10, noNaN: true }),
  maxOrderValuePct: fc.double({ min: 1, max: 1000, noNaN: true }),
  maxOrders: fc.integer({ min: 0, max: 10 }),
  maxFxTradePct: fc.constant(100),
  maxFxPerRunPct: fc.constant(200),
  closedMarket: fc.constantFrom('hold-orders' as const, 'block-run' as const),
  priceBandBps: fc.constant(5000),
  maxQuoteAgeMinutes: fc.constant(60),
  dailyLossLimitPct: fc.constant(100),
  allowShort: fc.boolean(),
});

describe('risk gate property', () => {
  it('a plan that passes the gate stays within the leverage, weight, order-size, count and short caps', () => {
    let allowedWithOrders = 0;
    fc.assert(
      fc.property(planInputArb, limitsArb, (input, limits) => {
        const plan = planOrders(input);
        const verdict = evaluateRisk({
          orders: plan.orders,
          account: input.account,
          instruments: input.instruments,
          quotes: input.quotes,
          fx: input.fx,
          now: NOW,
          limits,
          isMarketOpen: () => true,
          killSwitch: { halted: false },
          errorFlags: [],
        });
        if (!verdict.allowed || plan.orders.length === 0) return;
        allowedWithOrders += 1;

        // Worked out here without the gate's helpers: full fills, valued at mid quotes in USD.
        const nlv = input.account.netLiquidation;
        const unitValue = (symbol: string) => {
          const instrument = input.instruments.find((i) => i.symbol === symbol)!;
          const rate = instrument.currency === 'USD' ? 1 : input.fx.rate(instrument.currency);
          return instrument.multiplier * rate;
        };
        const after = new Map<string, number>();
        for (const p of input.account.positions) after.set(p.symbol, (after.get(p.symbol) ?? 0) + p.quantity);
        for (const o of plan.orders) after.set(o.symbol, (after.get(o.symbol) ?? 0) + (o.side === 'BUY' ? o.quantity : -o.quantity));

        let gross = 0;
        for (const [symbol, quantity] of after) {
          const value = Math.abs(quantity * midPrice(input.quotes.get(symbol)!) * unitValue(symbol));
          gross += value;
          expect(value / nlv).toBeLessThanOrEqual(limits.maxWeight * (1 + RELATIVE));
        }
        expect(gross / nlv).toBeLessThanOrEqual(limits.maxGrossLeverage * (1 + RELATIVE));
        expect(plan.orders.length).toBeLessThanOrEqual(limits.maxOrders);
        for (const o of plan.orders) {
          const value = o.quantity * Math.max(o.limitPrice, o.referencePrice) * unitValue(o.symbol);
          expect(value).toBeLessThanOrEqual((limits.maxOrderValuePct / 100) * nlv * (1 + RELATIVE));
          if (!limits.allowShort && o.side === 'SELL') expect(after.get(o.symbol)!).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 1000 },
    );
    // The property says nothing unless some plans with orders get through the gate.
    expect(allowedWithOrders).toBeGreaterThan(20);
  });
});
