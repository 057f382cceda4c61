import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ibAccountDir, runIn } from './account-dir.js';
import { defaultGatewayState, netLiquidation, type GatewayState } from './gateway-state.js';
import { StandInGateway } from './stand-in-gateway.js';

/** CAD exposure of the stand-in's account in USD: XIU at its mid plus the CAD cash, at the account's rate. */
function cadExposure(state: GatewayState): { assets: number; exposure: number } {
  const xiu = state.instruments.get('XIU')!;
  const assets = (state.positions.get('XIU')?.quantity ?? 0) * ((xiu.bid + xiu.ask) / 2) * state.toBase.CAD!;
  return { assets, exposure: assets + (state.cash.CAD ?? 0) * state.toBase.CAD! };
}

describe('FX hedging through the stand-in IB gateway', () => {
  let gateway: StandInGateway | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await gateway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends a limit order on USD.CAD (CASH, IDEALPRO) after the stock orders, tagged with the run, that brings the CAD exposure into its band; the next run sends no FX order', async () => {
    const state = defaultGatewayState();
    // 600 SPY at 100, USD 80 000 and CAD 27 000 (NLV 160 000): the 10 % XIU target buys CAD assets.
    state.positions.set('SPY', { quantity: 600, avgCost: 95 });
    gateway = new StandInGateway(state);
    const port = await gateway.start();
    ({ dir } = ibAccountDir(port, '', '{ ratios: { CAD: 0.5 }, bandPct: 1 }'));
    const config = join(dir, 'autofolio.yaml');

    const first = await runIn(config);
    expect(first.problems).toEqual([]);
    const placed = gateway.placed;
    expect(placed.map((p) => [p.action, p.contract.symbol, p.contract.secType])).toEqual([['SELL', 'SPY', 'STK'], ['BUY', 'XIU', 'STK'], ['BUY', 'USD', 'CASH']]);
    const fx = placed[2]!;
    expect(fx.contract).toMatchObject({ symbol: 'USD', secType: 'CASH', exchange: 'IDEALPRO', currency: 'CAD' });
    expect(fx).toMatchObject({ action: 'BUY', orderType: 'LMT', tif: 'DAY', transmit: true, account: 'DU111111', orderRef: `${first.runId}:USDCAD`, algoStrategy: '', whatIf: false });
    // The limit is the mid 1.35 plus the 10 bp offset, on the pair's tick of 0.00005.
    expect(Number(fx.lmtPrice)).toBe(1.35135);
    expect(Number.isInteger(fx.totalQuantity)).toBe(true);
    const nlv = netLiquidation(gateway.state);
    const { assets, exposure } = cadExposure(gateway.state);
    expect(assets).toBeGreaterThan(0.05 * nlv);
    expect(Math.abs(exposure - 0.5 * assets)).toBeLessThanOrEqual(0.01 * nlv);
    // IB lists the conversion as a CASH position: it is cash, not a holding.
    expect(first.snapshot!.positions.map((p) => p.symbol)).toEqual(['SPY', 'XIU']);

    const second = await runIn(config);
    expect(second.problems).toEqual([]);
    expect(gateway.placed.slice(3).filter((p) => p.contract.secType === 'CASH')).toEqual([]);
  });
});
