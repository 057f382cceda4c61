import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { openAccount, type OpenAccount } from '../src/app/open-account.js';
import { runOnce } from '../src/app/run-once.js';
import type { Broker } from '../src/brokers/broker.js';
import { initAccountFolder } from '../src/cli/init-command.js';
import { loadConfig } from '../src/config/load.js';
import type { CycleResult } from '../src/cycle/run-cycle.js';
import { SimulatedClock } from '../src/domain/clock.js';
import { readTrades } from '../src/store/trades-journal.js';
import { withFault, type Fault } from './faulty-broker.js';

// The sample data's last session: 2025-11-14, 09:30–16:00 New York (14:30–21:00Z).
const FIRST_RUN = Date.parse('2025-11-14T14:35:00Z');
const HOUR = 3600_000;

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function account(options: { fault?: Fault; yaml?: (text: string) => string; clock: SimulatedClock }): Promise<{ account: OpenAccount; dir: string; inner: () => Broker | undefined }> {
  const dir = mkdtempSync(join(tmpdir(), 'autofolio-faults-'));
  folders.push(dir);
  const configPath = await initAccountFolder(dir);
  if (options.yaml) writeFileSync(configPath, options.yaml(readFileSync(configPath, 'utf8')));
  let inner: Broker | undefined;
  const opened = await openAccount(loadConfig(configPath), {
    clock: options.clock,
    broker: (configured) => {
      inner = configured;
      return options.fault ? withFault(configured, options.fault) : configured;
    },
  });
  return { account: opened, dir, inner: () => inner };
}

async function alerts(dir: string): Promise<{ subject: string; text: string }[]> {
  const outbox = join(dir, 'state', 'outbox');
  const files = readdirSync(outbox).filter((f) => f.includes('alert'));
  const parsed = await Promise.all(files.map((f) => simpleParser(readFileSync(join(outbox, f)))));
  return parsed.map((m) => ({ subject: m.subject ?? '', text: m.text ?? '' }));
}

async function plannedTags(opened: OpenAccount): Promise<Set<string>> {
  const rows = await opened.db.selectFrom('orders').select('tag').execute();
  return new Set(rows.map((r) => r.tag));
}

async function brokerOrders(inner: Broker): Promise<{ tag: string }[]> {
  // Every order the broker ever accepted: open ones, plus those with executions.
  await inner.connect();
  const open = await inner.openOrders();
  const executions = await inner.executions(0);
  return [...open.map((o) => ({ tag: o.tag })), ...executions.map((f) => ({ tag: f.tag }))];
}

const FAULTS: (Fault & { step: string; sendsSome: boolean })[] = [
  { method: 'connect', nth: 1, kind: 'disconnect', step: 'connect', sendsSome: false },
  { method: 'executions', nth: 1, kind: 'disconnect', step: 'recover', sendsSome: false },
  // The open orders are read with the account, so that their fills so far match its positions.
  { method: 'openOrders', nth: 1, kind: 'disconnect', step: 'read-account', sendsSome: false },
  { method: 'account', nth: 1, kind: 'disconnect', step: 'read-account', sendsSome: false },
  { method: 'fxRates', nth: 1, kind: 'disconnect', step: 'read-account', sendsSome: false },
  { method: 'quotes', nth: 1, kind: 'disconnect', step: 'read-account', sendsSome: false },
  { method: 'placeOrder', nth: 1, kind: 'disconnect', step: 'send-orders', sendsSome: false },
  { method: 'placeOrder', nth: 4, kind: 'disconnect', step: 'send-orders', sendsSome: true },
  { method: 'awaitOrders', nth: 1, kind: 'disconnect', step: 'collect-fills', sendsSome: true },
  // The second collection follows the account read, so that a fill landing meanwhile is not a mismatch.
  { method: 'executions', nth: 2, kind: 'disconnect', step: 'read-account', sendsSome: false },
  { method: 'completedOrders', nth: 1, kind: 'disconnect', step: 'reconcile', sendsSome: false },
  { method: 'executions', nth: 3, kind: 'disconnect', step: 'collect-fills', sendsSome: true },
  { method: 'account', nth: 2, kind: 'disconnect', step: 'snapshot', sendsSome: true },
  { method: 'quotes', nth: 1, kind: 'hang', step: 'read-account', sendsSome: false },
  { method: 'placeOrder', nth: 3, kind: 'hang', step: 'send-orders', sendsSome: true },
];

describe('broker faults during a run', () => {
  it.each(FAULTS)('$kind during $method call $nth: error flag, an alert naming $step, nothing sent beyond the plan', async (fault) => {
    const clock = new SimulatedClock(FIRST_RUN);
    const { account: opened, dir, inner } = await account({ fault, clock, yaml: (t) => t.replace('fillWaitSeconds: 10', 'fillWaitSeconds: 10\n  brokerTimeoutSeconds: 3') });
    let result: CycleResult;
    try {
      result = await runOnce(opened, { purpose: 'trade', dryRun: false });
      expect(result.outcome).toBe('error');
      expect(result.exitCode).toBe(1);
      expect(result.problems[0]).toMatch(new RegExp(`^${fault.step}: `));
      const planned = await plannedTags(opened);
      const atBroker = await brokerOrders(inner()!);
      for (const order of atBroker) expect(planned.has(order.tag)).toBe(true);
      expect(atBroker.length > 0).toBe(fault.sendsSome);
      if (!fault.sendsSome) expect(result.ordersSent).toBe(0);
      const mail = await alerts(dir);
      expect(mail).toHaveLength(1);
      expect(mail[0]!.subject).toMatch(new RegExp(`^\\[autofolio\\] ERROR PAPER-1 ${fault.step}: `));
      if (fault.method === 'placeOrder') expect(mail[0]!.text).toMatch(/not sent/i);

      // The next run, with the broker healthy, records what the faulty run left behind exactly once.
      clock.set(FIRST_RUN + HOUR);
      const next = await runOnce(opened, { purpose: 'trade', dryRun: false });
      expect(next.outcome).toBe('ok');
      await inner()!.connect();
      const brokerFills = (await inner()!.executions(0)).map((f) => f.execId).sort();
      const recorded = (await opened.db.selectFrom('fills').select('exec_id').execute()).map((r) => r.exec_id).sort();
      expect(recorded).toEqual(brokerFills);
      expect(readTrades(join(dir, 'state', 'trades.csv')).map((t) => t.execId).sort()).toEqual(brokerFills);
    } finally {
      await opened.close();
    }
  });

  it('a rejected order is recorded as rejected, the other orders go out, and the run raises an alert', async () => {
    const clock = new SimulatedClock(FIRST_RUN);
    const { account: opened, dir } = await account({
      clock,
      fault: undefined,
      // A lot size the paper broker refuses for one instrument: the planner rounds to 1, the broker to 100.
      yaml: (t) => t,
    });
    const reject: Broker = opened.deps.broker;
    const original = reject.placeOrder.bind(reject);
    (reject as { placeOrder: Broker['placeOrder'] }).placeOrder = async (order, instrument) => (order.symbol === 'TLT' ? { ...order, brokerId: 'x-1', filledQuantity: 0, status: 'rejected', rejectReason: '201: order rejected - margin requirement' } : original(order, instrument));
    try {
      const result = await runOnce(opened, { purpose: 'trade', dryRun: false });
      expect(result.exitCode).toBe(1);
      expect(result.problems.join()).toContain('201: order rejected');
      const row = await opened.db.selectFrom('orders').select(['status', 'reject_reason']).where('symbol', '=', 'TLT').executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'rejected', reject_reason: '201: order rejected - margin requirement' });
      const filled = await opened.db.selectFrom('orders').select('symbol').where('status', '=', 'filled').execute();
      expect(filled.length).toBeGreaterThan(5);
      expect((await alerts(dir))[0]!.text).toContain('TLT');
    } finally {
      await opened.close();
    }
  });

  it('a partial fill is amended by the next run to what is still missing: one order per tag, its fills recorded once', async () => {
    const clock = new SimulatedClock(FIRST_RUN);
    const { account: opened, inner } = await account({ clock, yaml: (t) => t.replace('maxVolumeShare: 0.1', 'maxVolumeShare: 0.0002') });
    try {
      const first = await runOnce(opened, { purpose: 'trade', dryRun: false });
      expect(first.outcome).toBe('ok');
      const partial = await opened.db.selectFrom('orders').selectAll().where('status', '=', 'partially-filled').execute();
      expect(partial.length).toBeGreaterThan(0);
      clock.set(FIRST_RUN + 5 * 60_000);
      const second = await runOnce(opened, { purpose: 'trade', dryRun: false });
      expect(second.outcome).toBe('ok');
      const versions = await opened.db.selectFrom('order_versions').selectAll().where('run_id', '=', second.runId).where('reason', '=', 'amended').execute();
      expect(versions.map((v) => v.tag).sort()).toEqual(partial.map((o) => o.tag).sort());
      for (const order of partial) {
        const amended = versions.find((v) => v.tag === order.tag)!;
        // The new total is what the order had filled plus what the plan still needs: more than it filled in the first run.
        expect(amended.quantity).toBeGreaterThan(order.filled_quantity);
        expect(amended.broker_id).toBe(order.broker_id);
        const carried = await opened.db.selectFrom('orders').select(['status', 'broker_id']).where('tag', '=', amended.intent_tag).executeTakeFirstOrThrow();
        expect(carried).toEqual({ status: 'amends', broker_id: order.broker_id });
      }
      await inner()!.connect();
      const fills = await inner()!.executions(0);
      const recorded = (await opened.db.selectFrom('fills').select('exec_id').execute()).map((r) => r.exec_id).sort();
      expect(recorded).toEqual(fills.map((f) => f.execId).sort());
      // No symbol has two working orders: the amended one was never doubled by a new order.
      const open = await inner()!.openOrders();
      expect(new Set(open.map((o) => o.symbol)).size).toBe(open.length);
    } finally {
      await opened.close();
    }
  });

  it('a fill that arrives after its run ended is recorded by the next run, once, under its own tag', async () => {
    const clock = new SimulatedClock(FIRST_RUN);
    // Limits below the ask rest instead of crossing; the next bars trade through them.
    const { account: opened, dir } = await account({ clock, yaml: (t) => t.replace('limitOffsetBps: 10', 'limitOffsetBps: 0').replace('spreadBps: 2 ', 'spreadBps: 40 ') });
    try {
      const first = await runOnce(opened, { purpose: 'trade', dryRun: false });
      expect(first.ordersSent).toBeGreaterThan(0);
      expect(first.fills).toBe(0);
      // Bars that end within the next hour fill the resting orders at the broker, between runs.
      clock.set(FIRST_RUN + HOUR);
      const second = await runOnce(opened, { purpose: 'trade', dryRun: false });
      const late = await opened.db.selectFrom('fills').selectAll().where('recorded_by_run', '=', second.runId).where('tag', 'like', `${first.runId}:%`).execute();
      expect(late.length).toBeGreaterThan(0);
      const trades = readTrades(join(dir, 'state', 'trades.csv'));
      for (const fill of late) expect(trades.filter((t) => t.execId === fill.exec_id)).toHaveLength(1);
    } finally {
      await opened.close();
    }
  });
});
