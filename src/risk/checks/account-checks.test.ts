import { describe, expect, it } from 'vitest';
import { riskInput } from '../risk-input.fixture.js';
import { dailyLossCheck } from './daily-loss.js';
import { errorFlagsCheck } from './error-flags.js';
import { killSwitchCheck } from './kill-switch.js';
import { nonPositiveNlvCheck } from './non-positive-nlv.js';

const withNlv = (netLiquidation: number) => riskInput({ account: { ...riskInput().account, netLiquidation } });

describe('error flags', () => {
  it('passes a run without errors', () => {
    expect(errorFlagsCheck(riskInput())).toEqual([]);
  });
  it('reports every error flag of the earlier steps', () => {
    const reasons = errorFlagsCheck(riskInput({ errorFlags: ['read-account: timeout', 'read-forecast: stale'] }));
    expect(reasons.map((r) => r.check)).toEqual(['error-flags', 'error-flags']);
    expect(reasons[1]!.message).toMatch(/read-forecast: stale/);
  });
});

describe('kill switch', () => {
  it('passes while trading is active', () => {
    expect(killSwitchCheck(riskInput())).toEqual([]);
  });
  it('denies orders while halted, with the reason it was set', () => {
    const reasons = killSwitchCheck(riskInput({ killSwitch: { halted: true, reason: 'owner pressed stop' } }));
    expect(reasons).toHaveLength(1);
    expect(reasons[0]!.message).toMatch(/owner pressed stop/);
  });
});

describe('daily loss', () => {
  // Start of day 101 000, limit 3%: the floor is 97 970.
  it('passes above the floor and at it', () => {
    expect(dailyLossCheck(riskInput())).toEqual([]);
    expect(dailyLossCheck(withNlv(97_970))).toEqual([]);
  });
  it('blocks once NLV falls below the floor', () => {
    const reasons = dailyLossCheck(withNlv(97_969));
    expect(reasons).toHaveLength(1);
    expect(reasons[0]!.message).toMatch(/3\.00% below the start of day/);
  });
  it('does not count a withdrawal as a loss: the floor moves down with it', () => {
    // 10 100 withdrawn: the day works with 90 900, so the floor is 90 900 × 0.97 = 88 173.
    const afterWithdrawal = (netLiquidation: number) => riskInput({ account: { ...riskInput().account, netLiquidation }, startOfDayFlows: -10_100 });
    expect(dailyLossCheck(afterWithdrawal(90_900))).toEqual([]);
    expect(dailyLossCheck(afterWithdrawal(88_173))).toEqual([]);
    const reasons = dailyLossCheck(afterWithdrawal(88_172));
    expect(reasons).toHaveLength(1);
    expect(reasons[0]!.message).toBe('NLV 88172.00 is 3.00% below the start of day (101000.00 adjusted by -10100.00 of deposits and withdrawals since, 90900.00), past the 3% daily loss limit');
  });
  it('does not let a deposit hide a loss', () => {
    // 20 000 deposited: the floor is 121 000 × 0.97 = 117 370, far above the unadjusted 97 970.
    const afterDeposit = (netLiquidation: number) => riskInput({ account: { ...riskInput().account, netLiquidation }, startOfDayFlows: 20_000 });
    expect(dailyLossCheck(afterDeposit(117_370))).toEqual([]);
    expect(dailyLossCheck(afterDeposit(117_369))).toHaveLength(1);
  });
  it('passes when no start-of-day NLV has been recorded yet', () => {
    expect(dailyLossCheck(riskInput({ ...withNlv(1), startOfDayNlv: undefined }))).toEqual([]);
  });
});

describe('non-positive NLV', () => {
  it('passes a positive NLV', () => {
    expect(nonPositiveNlvCheck(riskInput())).toEqual([]);
  });
  it('blocks zero, negative and non-numeric NLV', () => {
    for (const nlv of [0, -5, Number.NaN]) expect(nonPositiveNlvCheck(withNlv(nlv))).toHaveLength(1);
  });
});
