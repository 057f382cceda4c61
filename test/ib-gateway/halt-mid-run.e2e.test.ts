import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofolio, type CliResult } from '../cli.js';
import { ibAccountDir } from './account-dir.js';
import { defaultGatewayState } from './gateway-state.js';
import type { PlaceOrderFields } from './client-messages.js';
import { StandInGateway } from './stand-in-gateway.js';

async function alerts(dir: string): Promise<{ subject: string; text: string }[]> {
  const outbox = join(dir, 'state', 'outbox');
  const files = readdirSync(outbox).filter((f) => f.includes('alert')).sort();
  const parsed = await Promise.all(files.map((f) => simpleParser(readFileSync(join(outbox, f)))));
  return parsed.map((m) => ({ subject: m.subject ?? '', text: m.text ?? '' }));
}

describe('autofolio halt while a run waits for its sells (stand-in IB gateway, both as child processes)', () => {
  let gateway: StandInGateway;
  let dir: string;
  let run: CliResult;
  let halt: CliResult;
  let placedBeforeHalt: PlaceOrderFields[];

  beforeAll(async () => {
    const state = defaultGatewayState();
    // 600 SPY at 100: the plan sells 280 SPY, then buys XIU once the sell has settled. The sell
    // never fills, so the run waits the whole sellWaitSeconds for it, unless something stops it.
    state.positions.set('SPY', { quantity: 600, avgCost: 95 });
    state.instruments.get('SPY')!.fill = 'never';
    gateway = new StandInGateway(state);
    const port = await gateway.start();
    let config: string;
    ({ dir, config } = ibAccountDir(port));
    writeFileSync(config, readFileSync(config, 'utf8').replace('sellWaitSeconds: 5', 'sellWaitSeconds: 40'));
    const sellPlaced = new Promise<void>((resolve) => {
      gateway.onPlaceOrder = (fields) => fields.action === 'SELL' && resolve();
    });
    const running = autofolio(['run', '--config', config]);
    await Promise.race([sellPlaced, running.then((r) => Promise.reject(new Error(`the run ended before its sell was placed: ${r.stdout}${r.stderr}`)))]);
    halt = await autofolio(['halt', '--config', config, '--reason', 'owner stop']);
    placedBeforeHalt = [...gateway.placed];
    run = await running;
  }, 120_000);

  afterAll(async () => {
    await gateway.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the halt command succeeded while the run was waiting, after the sell and before any buy', () => {
    expect(halt.code, halt.stderr).toBe(0);
    expect(halt.stdout).toContain('No order will be sent until `autofolio resume`');
    expect(placedBeforeHalt.map((p) => [p.action, p.contract.symbol])).toEqual([['SELL', 'SPY']]);
  });

  it('no order is placed at the gateway after the halt, and the working sell is cancelled', () => {
    expect(gateway.placed.map((p) => [p.action, p.contract.symbol])).toEqual([['SELL', 'SPY']]);
    const orders = [...gateway.state.orders.values()];
    expect(orders.map((o) => [o.action, o.contract.symbol, o.status])).toEqual([['SELL', 'SPY', 'Cancelled']]);
  });

  it('the run exits 2, as a blocked run does, and prints what it sent before the halt', () => {
    expect(run.code, run.stderr + run.stdout).toBe(2);
    expect(run.stdout).toMatch(/orders\s+1\/2\s.*blocked/);
    expect(run.stdout).toMatch(/! send-orders: halted: owner stop \(command\) while the run was sending: stopped; sent before the halt: SELL 280 SPY \(r-[^)]+:SPY\); cancelled 1 working order \(r-[^)]+:SPY\); not sent: BUY \d+ XIU/);
  });

  it('the run records the halt in its outcome and the sell as cancelled', () => {
    const db = new Database(join(dir, 'state', 'autofolio.sqlite'), { readonly: true });
    try {
      const runRow = db.prepare("select outcome, orders_sent, message from runs where purpose = 'trade'").get() as { outcome: string; orders_sent: number; message: string };
      expect(runRow.outcome).toBe('blocked');
      expect(runRow.orders_sent).toBe(1);
      expect(runRow.message).toMatch(/halted: owner stop .* while the run was sending/);
      const orders = db.prepare('select symbol, side, status from orders order by side').all();
      expect(orders).toEqual([
        { symbol: 'XIU', side: 'BUY', status: 'planned' },
        { symbol: 'SPY', side: 'SELL', status: 'cancelled' },
      ]);
    } finally {
      db.close();
    }
  });

  it('the run alerts its owner: what was sent before the halt, what was not, and that it stopped on a halt', async () => {
    const mail = (await alerts(dir)).filter((m) => !m.subject.includes('kill switch'));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toMatch(/^\[autofolio\] ERROR DU111111 send-orders: halted: owner stop/);
    const text = mail[0]!.text;
    const sent = text.slice(text.indexOf('Orders sent (1)'), text.indexOf('Orders not sent'));
    expect(sent).toMatch(/SPY\s+SELL\s+280/);
    expect(text.slice(text.indexOf('Orders not sent (1)'))).toMatch(/XIU\s+BUY/);
    expect(text).toContain('The kill switch was set while this run was sending');
  });
});
