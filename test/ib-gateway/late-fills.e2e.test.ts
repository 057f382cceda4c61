import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { openAccount } from '../../src/app/open-account.js';
import { runOnce } from '../../src/app/run-once.js';
import { loadConfig } from '../../src/config/load.js';
import type { CycleOptions } from '../../src/cycle/cycle-deps.js';
import { readTrades } from '../../src/store/trades-journal.js';
import { autofolio } from '../cli.js';
import { query } from '../state-db.js';
import { ibAccountDir } from './account-dir.js';
import { defaultGatewayState } from './gateway-state.js';
import type { StandInOrder } from './server-messages.js';
import { StandInGateway } from './stand-in-gateway.js';

async function runIn(config: string, options: Partial<CycleOptions> = {}) {
  const account = await openAccount(loadConfig(config));
  try {
    return await runOnce(account, { purpose: 'trade', dryRun: false, ...options });
  } finally {
    await account.close();
  }
}

async function alertTexts(dir: string): Promise<string[]> {
  const outbox = join(dir, 'state', 'outbox');
  const files = existsSync(outbox) ? readdirSync(outbox).filter((f) => f.includes('alert')) : [];
  return Promise.all(files.map(async (f) => { const mail = await simpleParser(readFileSync(join(outbox, f))); return `${mail.subject ?? ''}\n${mail.text ?? ''}`; }));
}

/** A gateway where the first run's XIU buy rests unfilled when the run ends, and that run done. */
async function afterFirstRun(): Promise<{ gateway: StandInGateway; dir: string; config: string; resting: StandInOrder }> {
  const state = defaultGatewayState();
  state.positions.set('SPY', { quantity: 600, avgCost: 95 });
  state.instruments.get('XIU')!.fill = 'never';
  const gateway = new StandInGateway(state);
  const { dir, config } = ibAccountDir(await gateway.start());
  const first = await runIn(config);
  expect(first.problems).toEqual([]);
  const resting = [...state.orders.values()].find((o) => o.contract.symbol === 'XIU' && o.status === 'Submitted')!;
  expect(resting).toBeDefined();
  return { gateway, dir, config, resting };
}

describe('fills that land after the last run of the day', () => {
  let gateway: StandInGateway | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await gateway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    gateway = undefined;
    dir = undefined;
  });

  it('are recorded by the end-of-day job before the gateway restart; the next day runs without a mismatch', async () => {
    const rig = await afterFirstRun();
    ({ gateway, dir } = rig);
    gateway.fillOrder(rig.resting.orderId);
    const execId = gateway.state.executions.at(-1)!.execId;
    const endOfDay = await runIn(rig.config, { purpose: 'end-of-day' });
    expect(endOfDay.problems).toEqual([]);
    gateway.restart({ newDay: true });
    const next = await runIn(rig.config);
    expect(next.problems).toEqual([]);
    expect(readTrades(join(dir, 'state', 'trades.csv')).map((t) => t.execId)).toContain(execId);
  }, 60_000);

  it('once the gateway restarted and forgot their executions, are inferred from its completed orders, booked, and announced as inferred', async () => {
    const rig = await afterFirstRun();
    ({ gateway, dir } = rig);
    gateway.fillOrder(rig.resting.orderId);
    gateway.restart();
    const next = await runIn(rig.config);
    expect(next.problems).toEqual([]);
    const inferred = query<{ exec_id: string; quantity: number }>(dir, "select exec_id, quantity from fills where exec_id like 'inferred:%'");
    expect(inferred).toEqual([{ exec_id: `inferred:${rig.resting.orderRef}:${rig.resting.quantity}`, quantity: rig.resting.quantity }]);
    expect(readTrades(join(dir, 'state', 'trades.csv')).filter((t) => t.execId.startsWith('inferred:')).map((t) => [t.symbol, t.side, t.quantity])).toEqual([['XIU', 'BUY', rig.resting.quantity]]);
    const alerts = await alertTexts(dir);
    expect(alerts.filter((a) => /inferred/i.test(a))).toHaveLength(1);
    expect(alerts.find((a) => /inferred/i.test(a))).toContain(`BUY ${rig.resting.quantity} XIU`);
  }, 60_000);

  it('with the database lost as well, are rebuilt: real executions from the broker\'s reports, the rest inferred, never twice in trades.csv', async () => {
    const rig = await afterFirstRun();
    ({ gateway, dir } = rig);
    const before = readTrades(join(dir, 'state', 'trades.csv'));
    gateway.fillOrder(rig.resting.orderId);
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, 'state', `autofolio.sqlite${suffix}`), { force: true });
    // `reconcile` agrees only once the fills the broker still reports are recorded.
    const reconciled = await autofolio(['reconcile', '--config', rig.config, '--json']);
    expect(reconciled.code, reconciled.stderr + reconciled.stdout).toBe(0);
    expect((JSON.parse(reconciled.stdout) as { ok: boolean; opened: boolean })).toMatchObject({ ok: true, opened: true });
    expect(readTrades(join(dir, 'state', 'trades.csv')).map((t) => t.execId)).toContain(gateway.state.executions.at(-1)!.execId);
    const next = await runIn(rig.config);
    expect(next.problems).toEqual([]);
    const after = readTrades(join(dir, 'state', 'trades.csv'));
    // The late XIU fill is recorded from its execution report; the fills already in the CSV are not repeated.
    expect(after.map((t) => t.execId)).toEqual([...before.map((t) => t.execId), gateway.state.executions.at(-1)!.execId]);
    expect(query<{ exec_id: string; tag: string }>(dir, 'select exec_id, tag from fills')).toEqual(gateway.state.executions.map((e) => ({ exec_id: e.execId, tag: e.order.orderRef })));
    // The rebuilt fills are inside the ledger's opening, never booked on top of it.
    expect((await runIn(rig.config)).problems).toEqual([]);

    // The database is lost again, and now the gateway has forgotten the executions too: the
    // fills come back as inferred in the database, and trades.csv, which holds the real ones, gets none.
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, 'state', `autofolio.sqlite${suffix}`), { force: true });
    gateway.restart();
    const again = await runIn(rig.config);
    expect(again.problems).toEqual([]);
    expect(query<{ exec_id: string }>(dir, 'select exec_id from fills').every((f) => f.exec_id.startsWith('inferred:'))).toBe(true);
    expect(query<{ n: number }>(dir, 'select count(*) n from fills')[0]!.n).toBeGreaterThan(0);
    expect(readTrades(join(dir, 'state', 'trades.csv'))).toEqual(after);
    expect((await runIn(rig.config)).problems).toEqual([]);
    expect((await alertTexts(dir)).some((a) => /inferred/i.test(a))).toBe(true);
  }, 90_000);
});
