import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { openAccount } from '../../src/app/open-account.js';
import { runOnce } from '../../src/app/run-once.js';
import { BrokerError } from '../../src/brokers/broker.js';
import { InMemoryGatewayStatusStore } from '../../src/brokers/ib/index.js';
import { loadConfig } from '../../src/config/load.js';
import { ibAccountDir, TRADING_TIME } from './account-dir.js';
import { startRig, type Rig } from './harness.js';

const HOUR = 3_600_000;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** A weekly login window, in UTC, that is open now and for `minutes` more. */
function loginWindowOpenNow(minutes: number) {
  const now = new Date();
  const start = new Date(now.getTime() - 5 * 60_000);
  return { day: WEEKDAYS[start.getUTCDay()]!, at: start.toISOString().slice(11, 16), timeZone: 'UTC', minutes: minutes + 5, remindHoursBefore: 0 };
}

describe('the IB Gateway session across restarts, the weekly login and outages (broker level)', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.stop();
    rig = undefined;
  });

  it('after a restart, the first session shows that trading works with a what-if order, which is never placed; later sessions do not', async () => {
    rig = await startRig();
    const status = new InMemoryGatewayStatusStore({ lastOkAt: Date.now() - 2 * 24 * HOUR });
    const broker = rig.broker({}, { gatewayStatus: status });
    await broker.connect();
    expect(rig.gateway.placed.map((p) => ({ whatIf: p.whatIf, symbol: p.contract.symbol, action: p.action }))).toEqual([{ whatIf: true, symbol: 'SPY', action: 'BUY' }]);
    expect(broker.lastTradingCheck).toMatchObject({ status: 'PreSubmitted', initMarginChange: expect.any(Number) as unknown });
    expect(rig.gateway.state.orders.size).toBe(0);
    expect(await broker.openOrders()).toEqual([]);
    expect((await status.load())?.checkTrading).toBeUndefined();
    await broker.disconnect();

    const next = rig.broker({}, { gatewayStatus: status });
    await next.connect();
    expect(rig.gateway.placed).toHaveLength(1);
  });

  it('a gateway that answers but refuses the what-if order fails the session before anything is sent, and the next session checks again', async () => {
    rig = await startRig((s) => (s.whatIfRefusal = { code: 201, text: 'Order rejected - reason:Trading is not allowed before the login is complete' }));
    const status = new InMemoryGatewayStatusStore({ checkTrading: true });
    const error = await rig.broker({}, { gatewayStatus: status }).connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerError);
    expect(error).toMatchObject({ kind: 'operational', code: 'trading-check', message: expect.stringMatching(/what-if order for SPY was refused after its restart: .*IB 201 Order rejected/) as unknown });
    expect(rig.gateway.state.orders.size).toBe(0);
    expect((await status.load())?.checkTrading).toBe(true);
  });

  it('inside the weekly login window a session waits for the gateway to come back instead of failing, then checks trading', async () => {
    rig = await startRig();
    const port = rig.port;
    await rig.gateway.stop();
    const status = new InMemoryGatewayStatusStore({ lastOkAt: Date.now() - 2 * 24 * HOUR });
    const connectAttempts: number[] = [];
    const broker = rig.broker({ weeklyLogin: loginWindowOpenNow(10), reconnectPollSeconds: 0.2 }, { gatewayStatus: status, connectPolicy: { attempts: 1 } });
    const connecting = broker.connect();
    // The gateway comes back after a few polls, as it does once the owner accepts the login.
    await new Promise((resolve) => setTimeout(resolve, 800));
    connectAttempts.push(rig.gateway.arrivals().length);
    await rig.gateway.start(port);
    await connecting;
    expect(connectAttempts).toEqual([0]);
    expect(rig.gateway.placed.map((p) => p.whatIf)).toEqual([true]);

    // Outside the window and without a grace period, the same outage fails at once.
    await rig.gateway.stop();
    const outside = rig.broker({ unreachableGraceMinutes: 0 }, { gatewayStatus: new InMemoryGatewayStatusStore(), connectPolicy: { attempts: 1 } });
    await expect(outside.connect()).rejects.toMatchObject({ kind: 'temporary', message: expect.stringMatching(/past broker\.unreachableGraceMinutes/) as unknown });
  });

  it('an unreachable gateway is remembered from the first failure, so the grace period spans runs', async () => {
    rig = await startRig();
    await rig.gateway.stop();
    const status = new InMemoryGatewayStatusStore();
    const broker = () => rig!.broker({ unreachableGraceMinutes: 0.005, reconnectPollSeconds: 0.1 }, { gatewayStatus: status, connectPolicy: { attempts: 1 } });
    await expect(broker().connect()).rejects.toThrow(/cannot reach IB Gateway at 127\.0\.0\.1:\d+ since \d{4}-\d\d-\d\dT[\d:.]+Z, past broker\.unreachableGraceMinutes/);
    const first = await status.load();
    expect(first).toMatchObject({ unreachableSince: expect.any(Number) as unknown, checkTrading: true });
    await expect(broker().connect()).rejects.toThrow(/since/);
    expect((await status.load())?.unreachableSince).toBe(first?.unreachableSince);
  });
});

/** Moves the account's data clock: one bar per instrument at `time`. */
function barsAt(dir: string, time: string): void {
  for (const [symbol, price] of [['SPY', 100], ['XIU', 30], ['USDCAD', 1.35]] as const) {
    writeFileSync(join(dir, 'data', `${symbol}.csv`), `time,open,high,low,close,volume\n${time},${price},${price},${price},${price},100000\n`);
  }
}

async function alertSubjects(dir: string): Promise<{ subject: string; text: string }[]> {
  const folder = join(dir, 'state', 'outbox');
  if (!existsSync(folder)) return [];
  const mails = await Promise.all(readdirSync(folder).filter((f) => f.endsWith('.eml')).sort().map((f) => simpleParser(readFileSync(join(folder, f)))));
  return mails.filter((m) => (m.subject ?? '').includes('ERROR')).map((m) => ({ subject: m.subject ?? '', text: m.text ?? '' }));
}

describe('runs of an IB account while its gateway is away (the real cycle)', () => {
  let rig: Rig | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await rig?.stop().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function runAt(time: string) {
    barsAt(dir!, time);
    const account = await openAccount(loadConfig(join(dir!, 'autofolio.yaml')));
    try {
      return await runOnce(account, { purpose: 'trade', dryRun: false }, () => undefined);
    } finally {
      await account.close();
    }
  }

  it('a gateway down past the grace period gives one alert, then reminders; the first run after it returns checks trading before it sends', async () => {
    rig = await startRig((s) => s.positions.set('SPY', { quantity: 600, avgCost: 95 }));
    const port = rig.port;
    await rig.gateway.stop();
    ({ dir } = ibAccountDir(port, ', unreachableGraceMinutes: 0.005, reconnectPollSeconds: 0.1'));
    writeFileSync(join(dir, 'autofolio.yaml'), readFileSync(join(dir, 'autofolio.yaml'), 'utf8').replace('notify: { to: owner@example.com }', 'notify: { to: owner@example.com, reminderMinutes: 10 }'));
    const start = Date.parse(TRADING_TIME);
    const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();

    const down = [await runAt(at(0)), await runAt(at(5)), await runAt(at(11))];
    expect(down.map((r) => [r.outcome, r.ordersSent])).toEqual([['error', 0], ['error', 0], ['error', 0]]);
    const alerts = await alertSubjects(dir);
    expect(alerts.map((a) => a.subject)).toEqual([expect.stringMatching(/^\[autofolio\] ERROR DU111111 connect: cannot reach IB Gateway/), expect.stringMatching(/^\[autofolio\] ERROR DU111111 connect: cannot reach IB Gateway/)]);
    expect(alerts[0]!.text).not.toMatch(/^Reminder/);
    expect(alerts[1]!.text).toMatch(/^Reminder: this problem has happened 3 times since/);

    await rig.gateway.start(port);
    const back = await runAt(at(12));
    expect(back.problems).toEqual([]);
    expect(back.outcome).toBe('ok');
    const placed = rig.gateway.placed;
    expect(placed[0]).toMatchObject({ whatIf: true });
    expect(placed.slice(1).map((p) => [p.whatIf, p.action, p.contract.symbol])).toEqual([[false, 'SELL', 'SPY'], [false, 'BUY', 'XIU']]);
    expect(back.ordersSent).toBe(2);
  }, 60_000);

  it('a run inside the weekly login window waits for the gateway and does not fail', async () => {
    rig = await startRig((s) => s.positions.set('SPY', { quantity: 600, avgCost: 95 }));
    const port = rig.port;
    await rig.gateway.stop();
    // The account's clock is its data (Wednesday 3 January 2024, 15:00 UTC): the window is open then.
    ({ dir } = ibAccountDir(port, ", reconnectPollSeconds: 0.2, unreachableGraceMinutes: 0, weeklyLogin: { day: wednesday, at: '14:55', timeZone: UTC, minutes: 30 }"));
    const running = runAt(TRADING_TIME);
    // Back after the three attempts (2 s and 8 s of backoff) that a run outside the window makes.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    await rig.gateway.start(port);
    const result = await running;
    expect(result.problems).toEqual([]);
    expect(result.outcome).toBe('ok');
    expect(rig.gateway.placed.map((p) => p.whatIf)).toEqual([true, false, false]);
  }, 60_000);

  it('a gateway back within the grace period costs a late run, not an alert', async () => {
    rig = await startRig((s) => s.positions.set('SPY', { quantity: 600, avgCost: 95 }));
    const port = rig.port;
    await rig.gateway.stop();
    ({ dir } = ibAccountDir(port, ', unreachableGraceMinutes: 0.5, reconnectPollSeconds: 0.2'));
    const running = runAt(TRADING_TIME);
    // Back after the three attempts (2 s and 8 s of backoff) that a run without a grace period makes.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    await rig.gateway.start(port);
    const result = await running;
    expect(result.problems).toEqual([]);
    expect(result.outcome).toBe('ok');
    expect(await alertSubjects(dir)).toEqual([]);
    expect(rig.gateway.placed.map((p) => p.whatIf)).toEqual([true, false, false]);
  }, 60_000);
});
