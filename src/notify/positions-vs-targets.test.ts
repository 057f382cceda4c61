import { describe, expect, it } from 'vitest';
import type { RecordedPlan } from '../cycle/journal.js';
import type { PlanRow } from '../planning/plan-rows.js';
import { planCaption, positionsAgainstTargets, positionTargetCells } from './positions-vs-targets.js';
import { sampleSnapshot } from './test-fixtures.js';

const row = (symbol: string, targetWeight: number, over: Partial<PlanRow> = {}): PlanRow => ({ symbol, targetWeight, currentWeight: 0, action: 'NONE', quantity: 0, limitPrice: 0, tradeValue: 0, ...over });
const plan = (rows: PlanRow[], dryRun = false): RecordedPlan => ({ runId: 'r-1', at: Date.UTC(2025, 10, 14, 15, 30), dryRun, rows });

describe('positions against targets', () => {
  it('sets each held position against its target, with the drift, the trade and the P&L converted as the position is valued', () => {
    const rows = positionsAgainstTargets(
      sampleSnapshot(),
      plan([
        row('VTI', 0.6, { action: 'BUY', quantity: 120, limitPrice: 301.5, tradeValue: 36_180 }),
        row('IEF', 0.4, { reason: 'within no-trade band: trade value 12.00 < 0.5% of NLV (6172.84)' }),
        row('SAP', 0, { reason: 'held: SELL 50 @ 210.1 not sent, market XETR is closed' }),
        row('QQQ', 0, { reason: 'no target and no position' }),
      ]),
    );
    expect(rows.map((r) => r.symbol)).toEqual(['VTI', 'IEF', 'SAP']);
    expect(rows[0]).toMatchObject({ targetWeight: 0.6, weight: 0.6104, trade: 'BUY 120 @ 301.50' });
    expect(rows[0]!.drift).toBeCloseTo(0.0104, 12);
    expect(rows[0]!.unrealizedPnl).toBeCloseTo((301.42 - 250.125) * 2_500, 6);
    expect(rows[1]!.trade).toBe('none: within the no-trade band');
    // 50 SAP at 210.50 EUR are worth 12 190.10 USD: the cost of 180 EUR a share converts at the same rate.
    expect(rows[2]!.unrealizedPnl).toBeCloseTo(12_190.1 - 180 * 50 * (12_190.1 / (50 * 210.5)), 6);
    expect(positionTargetCells(rows[2]!)).toEqual(['SAP', '0.00%', '0.99%', '+0.99%', 'held: SELL 50 @ 210.1 not sent, market XETR is closed', '+1,766.26']);
  });

  it('shows a targeted instrument not yet held, and a held one the plan does not name', () => {
    const rows = positionsAgainstTargets(sampleSnapshot(), plan([row('VTI', 0.5), row('GLD', 0.1, { action: 'BUY', quantity: 10, limitPrice: 250, tradeValue: 2_500 })]));
    expect(rows.find((r) => r.symbol === 'GLD')).toEqual({ symbol: 'GLD', quantity: 0, targetWeight: 0.1, weight: 0, drift: -0.1, trade: 'BUY 10 @ 250.00', unrealizedPnl: 0 });
    expect(rows.find((r) => r.symbol === 'IEF')).toEqual({ symbol: 'IEF', quantity: 4_800, weight: 0.3733, trade: 'not in the plan', unrealizedPnl: expect.any(Number) });
  });

  it('names the plan, its time in the exchange\'s zone and whether it was a dry run', () => {
    expect(planCaption(plan([], true), 'America/New_York')).toBe('Targets and trades of run r-1, planned 2025-11-14 10:30 EST (a dry run: nothing was sent).');
    expect(planCaption(undefined, 'America/New_York')).toBe('No plan has been made yet: targets appear after the first run.');
  });
});
