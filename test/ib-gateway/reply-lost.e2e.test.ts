import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofolio, type CliResult, type RunJson } from '../cli.js';
import { ibAccountDir } from './account-dir.js';
import { defaultGatewayState } from './gateway-state.js';
import { StandInGateway } from './stand-in-gateway.js';

describe('autofolio run on IB when the connection drops right after IB placed an order (its reply is lost)', () => {
  let gateway: StandInGateway;
  let dir: string;
  let config: string;
  let first: CliResult;
  let rerun: RunJson;

  beforeAll(async () => {
    const state = defaultGatewayState();
    // 600 SPY at 100: the plan sells 280 SPY, then buys XIU.
    state.positions.set('SPY', { quantity: 600, avgCost: 95 });
    gateway = new StandInGateway(state);
    const port = await gateway.start();
    ({ dir, config } = ibAccountDir(port));
    // The second order (the XIU buy) reaches IB, is placed and filled, and then the connection drops.
    gateway.dropOnPlaceOrder = 2;
    gateway.placeBeforeDrop = true;
    first = await autofolio(['run', '--config', config]);
    const again = await autofolio(['run', '--config', config, '--json']);
    expect(again.code, again.stderr + again.stdout).toBe(0);
    rerun = JSON.parse(again.stdout) as RunJson;
  });

  afterAll(async () => {
    await gateway.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('IB placed and filled the order whose reply was lost', () => {
    expect([...gateway.state.orders.values()].map((o) => [o.action, o.contract.symbol, o.status])).toEqual([
      ['SELL', 'SPY', 'Filled'],
      ['BUY', 'XIU', 'Filled'],
    ]);
  });

  it('the run ends with an error and prints the order as sent, outcome unknown, not as not sent', () => {
    expect(first.code, first.stderr + first.stdout).toBe(1);
    expect(first.stdout).toMatch(/! send-orders: sending r-[^ ]+:XIU failed after the request may have reached the broker, so its outcome is unknown: /);
    expect(first.stdout).toMatch(/\? sent, outcome unknown \(1\): BUY \d+ XIU \(r-[^)]+:XIU\)/);
    expect(first.stdout).toContain('do not send them again by hand');
    expect(first.stdout).not.toMatch(/not sent: .*XIU/);
  });

  it('the alert lists it under "Orders sent, outcome unknown", and "Orders not sent" is empty', async () => {
    const outbox = join(dir, 'state', 'outbox');
    const files = readdirSync(outbox).filter((f) => f.includes('alert'));
    expect(files).toHaveLength(1);
    const mail = await simpleParser(readFileSync(join(outbox, files[0]!)));
    const text = mail.text ?? '';
    const unknown = text.slice(text.indexOf('Orders sent, outcome unknown (1)'), text.indexOf('Orders not sent'));
    expect(unknown).toMatch(/XIU\s+BUY\s+\d+/);
    expect(unknown).toContain('Do not place them again by hand');
    expect(text.slice(text.indexOf('Orders sent (1)'), text.indexOf('Orders sent, outcome unknown'))).toMatch(/SPY\s+SELL\s+280/);
    expect(text.slice(text.indexOf('Orders not sent'), text.indexOf('Run journal'))).toBe('Orders not sent (0)\n  None.\n\n');
    expect(mail.html).toContain('Orders sent, outcome unknown (1)');
  });

  it('the next run finds the order at IB by its tag, records its fill, and sends nothing again', () => {
    expect(rerun.outcome).toBe('ok');
    expect(rerun.ordersSent).toBe(0);
    expect(gateway.placed.map((p) => [p.action, p.contract.symbol])).toEqual([['SELL', 'SPY'], ['BUY', 'XIU']]);
    const trades = readFileSync(join(dir, 'state', 'trades.csv'), 'utf8').trim().split('\n').slice(1);
    expect(trades.map((r) => r.split(',')[9]).sort()).toEqual(gateway.state.executions.map((e) => e.execId).sort());
  });
});
