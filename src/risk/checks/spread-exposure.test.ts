import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../domain/instrument.js';
import { FxRates } from '../../domain/money.js';
import { optionInstrument, type ComboInstrument, type OptionInstrument } from '../../domain/option.js';
import type { PlanLine } from '../../planning/plan-types.js';
import { comboInstrument } from '../../options/choose-legs.js';
import { spreadDeltaReasons } from './spread-delta.js';
import type { SpreadExposureInput } from './spread-exposure-input.js';
import { spreadNotionalReasons } from './spread-notional.js';

const SPY: Instrument = { symbol: 'SPY', secType: 'STK', currency: 'USD', exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 };
const call = optionInstrument(SPY, '2025-12-12', 'C', 500);
const put = optionInstrument(SPY, '2025-12-12', 'P', 500);
const higherCall = optionInstrument(SPY, '2025-12-12', 'C', 520);
const STRADDLE = comboInstrument('spy-straddle', SPY, [{ instrument: call, ratio: 1, action: 'BUY' }, { instrument: put, ratio: 1, action: 'BUY' }]);
const BULL = comboInstrument('spy-bull', SPY, [{ instrument: call, ratio: 1, action: 'BUY' }, { instrument: higherCall, ratio: 1, action: 'SELL' }]);
// Deltas as a model would give them: the call 0.55, the put −0.45, the higher call 0.30.
const DELTAS = new Map([[call.symbol, 0.55], [put.symbol, -0.45], [higherCall.symbol, 0.3]]);

function line(combo: ComboInstrument, held: number, target: number): PlanLine {
  const change = target - held;
  return { symbol: combo.symbol, action: change === 0 ? 'NONE' : change > 0 ? 'BUY' : 'SELL', quantity: Math.abs(change), limitPrice: 1, referencePrice: 1, tag: `r-1:${combo.symbol}`, currentQuantity: held, targetQuantity: target, targetWeight: 0 };
}

// NLV 1 000 000 USD, SPY at 500: one straddle controls 2 × 500 × 100 = 100 000 (10% of NLV).
function input(lines: readonly PlanLine[], limits: Partial<SpreadExposureInput['limits']> = {}, spot: number | null = 500): SpreadExposureInput {
  return {
    lines,
    combos: new Map([STRADDLE, BULL].map((c) => [c.symbol, c])),
    underlyingPrice: (symbol) => (symbol === 'SPY' ? (spot ?? undefined) : undefined),
    legDelta: (option: OptionInstrument) => DELTAS.get(option.symbol)!,
    nlv: 1_000_000,
    fx: new FxRates('USD', {}),
    baseCurrency: 'USD',
    limits: { maxSpreadNotionalPct: 100, maxNetDeltaPct: 25, ...limits },
  };
}

describe('spread notional: the underlying its legs control, as % of NLV', () => {
  it('refuses a spread whose legs would control more than the cap, naming the spread, the figure and the cap', () => {
    const reasons = spreadNotionalReasons(input([line(STRADDLE, 0, 3)], { maxSpreadNotionalPct: 25 }));
    expect(reasons).toEqual([
      {
        check: 'spread-notional',
        symbol: 'spy-straddle',
        message: 'spy-straddle: 3 spreads would control 300000.00 USD of SPY through their legs (30.00% of NLV), over options.maxSpreadNotionalPct 25% (250000.00)',
      },
    ]);
    expect(spreadNotionalReasons(input([line(STRADDLE, 0, 2)], { maxSpreadNotionalPct: 25 }))).toEqual([]);
  });

  it('lets a spread over the cap be reduced or closed, and counts both legs of a vertical', () => {
    expect(spreadNotionalReasons(input([line(STRADDLE, 5, 3), line(BULL, 4, 0)], { maxSpreadNotionalPct: 1 }))).toEqual([]);
    // A vertical's sold leg controls as much of the underlying as the bought one.
    expect(spreadNotionalReasons(input([line(BULL, 0, 1)], { maxSpreadNotionalPct: 9.99 }))[0]!.message).toMatch(/100000\.00 USD of SPY/);
  });

  it('fails closed on a spread it cannot value', () => {
    expect(spreadNotionalReasons(input([line(STRADDLE, 0, 1)], {}, null))[0]!.message).toMatch(/^spy-straddle: the notional of its legs cannot be valued in USD/);
  });
});

describe('spread net delta: Σ leg delta × multiplier × spreads × underlying price, as % of NLV', () => {
  it('refuses a plan whose spreads would hold more net delta than the cap, naming each spread and the cap', () => {
    // Straddle: (0.55 − 0.45) × 100 × 500 = 5 000 a spread; bull call: (0.55 − 0.30) × 100 × 500 = 12 500 a spread.
    const reasons = spreadDeltaReasons(input([line(STRADDLE, 2, 2), line(BULL, 0, 4)], { maxNetDeltaPct: 5 }));
    expect(reasons).toEqual([
      {
        check: 'spread-delta',
        message: 'the spreads would hold a net delta of +60000.00 USD (spy-straddle +10000.00, spy-bull +50000.00; 6.00% of NLV), over options.maxNetDeltaPct 5% (50000.00)',
      },
    ]);
    expect(spreadDeltaReasons(input([line(STRADDLE, 2, 2), line(BULL, 0, 3)], { maxNetDeltaPct: 5 }))).toEqual([]);
  });

  it('lets a plan that lowers the net delta pass even while it stays over the cap, and passes a plan that trades no spread', () => {
    expect(spreadDeltaReasons(input([line(BULL, 10, 8)], { maxNetDeltaPct: 1 }))).toEqual([]);
    expect(spreadDeltaReasons(input([line(BULL, 10, 10)], { maxNetDeltaPct: 1 }))).toEqual([]);
    expect(spreadDeltaReasons(input([line(BULL, 0, 1)], { maxNetDeltaPct: 1 }))[0]).toMatchObject({ check: 'spread-delta', symbol: 'spy-bull' });
  });

  it('never refuses a plan that only reduces every spread', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.nat(50), fc.nat(50), (a, b, c, d) => {
        const lines = [line(STRADDLE, Math.max(a, b), Math.min(a, b)), line(BULL, Math.max(c, d), Math.min(c, d))];
        expect(spreadDeltaReasons(input(lines, { maxNetDeltaPct: 0.01 }))).toEqual([]);
        expect(spreadNotionalReasons(input(lines, { maxSpreadNotionalPct: 0.01 }))).toEqual([]);
      }),
    );
  });

  it('fails closed on a spread it cannot value', () => {
    expect(spreadDeltaReasons(input([line(STRADDLE, 0, 1)], {}, null))[0]!.message).toMatch(/^spy-straddle: the delta of its legs cannot be valued in USD/);
  });
});
