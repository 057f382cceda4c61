import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { autofolio, type RunJson } from '../cli.js';
import { spreadAccountDir } from './account-dir.js';
import { defaultGatewayState } from './gateway-state.js';
import { StandInGateway } from './stand-in-gateway.js';

/**
 * Two SPY straddles at the 100 strike with SPY at 100, in an account of 100 000 USD (cash only). By
 * Black–Scholes at options.model.volatility (20 %, 37 days) a straddle's net delta is small
 * (about +0.025: some 500 USD for two); the stand-in's model greeks say calls 0.90 and puts −0.10,
 * +0.80 a straddle: 0.80 × 100 × 2 × 100 = +16 000 USD, 16 % of NLV.
 */
async function runWith(greeks: boolean, options: string): Promise<{ run: RunJson; gateway: StandInGateway }> {
  const state = defaultGatewayState();
  state.positions.clear();
  state.optionChains.set('SPY', { expirations: ['20240112', '20240209', '20240315'], strikes: [90, 95, 100, 105, 110], multiplier: 100 });
  if (greeks) state.optionGreeks = (right) => ({ impliedVolatility: 0.35, delta: right === 'C' ? 0.9 : -0.1 });
  const gateway = new StandInGateway(state);
  gateways.push(gateway);
  const { dir, config } = spreadAccountDir(await gateway.start(), options);
  dirs.push(dir);
  const result = await autofolio(['run', '--config', config, '--json']);
  return { run: JSON.parse(result.stdout) as RunJson, gateway };
}

const gateways: StandInGateway[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const gateway of gateways.splice(0)) await gateway.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the risk gate counts a spread by the delta and notional of its legs, on IB', () => {
  it('takes the delta from IB\'s model greeks (tickOptionComputation): refuses the straddle over options.maxNetDeltaPct, naming the spread, the figure and the cap', async () => {
    const { run, gateway } = await runWith(true, '{ maxPremiumPerSpread: 5000, maxPremiumPct: 10, maxNetDeltaPct: 5 }');
    expect(run.outcome).toBe('blocked');
    expect(gateway.placed).toEqual([]);
    expect(run.problems.join('\n')).toMatch(/the spreads would hold a net delta of \+16000\.00 USD \(spy-straddle \+16000\.00; 16\.00% of NLV\), over options\.maxNetDeltaPct 5% \(5000\.00\)/);
  });

  it('without greeks from IB, Black–Scholes at the configured volatility: the same straddle passes the same cap and is sent', async () => {
    const { run, gateway } = await runWith(false, '{ maxPremiumPerSpread: 5000, maxPremiumPct: 10, maxNetDeltaPct: 5 }');
    expect(run.problems).toEqual([]);
    expect(gateway.placed.filter((p) => p.contract.secType === 'BAG')).toHaveLength(1);
  });

  it('refuses a straddle whose legs control more than options.maxSpreadNotionalPct', async () => {
    // 2 legs × 100 (SPY) × 100 × 2 spreads = 40 000 USD, 40 % of NLV.
    const { run, gateway } = await runWith(true, '{ maxPremiumPerSpread: 5000, maxPremiumPct: 10, maxSpreadNotionalPct: 30 }');
    expect(run.outcome).toBe('blocked');
    expect(gateway.placed).toEqual([]);
    expect(run.problems.join('\n')).toMatch(/spy-straddle: 2 spreads would control 40000\.00 USD of SPY through their legs \(40\.00% of NLV\), over options\.maxSpreadNotionalPct 30% \(30000\.00\)/);
  });
});
