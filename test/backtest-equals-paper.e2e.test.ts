import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAccount } from '../src/app/open-account.js';
import { runOnce } from '../src/app/run-once.js';
import { rebalanceTimes, sessionMarks } from '../src/backtest/schedule.js';
import { getCalendar } from '../src/calendar/get-calendar.js';
import { initAccountFolder } from '../src/cli/init-command.js';
import { loadConfig } from '../src/config/load.js';
import { SimulatedClock } from '../src/domain/clock.js';
import type { PaperState } from '../src/brokers/paper/paper-state.js';
import { SqliteDocuments } from '../src/store/sqlite-documents.js';
import { autofolio } from './cli.js';

const FROM = '2025-11-12';
const TO = '2025-11-14';

// Run ids end in a random suffix in paper runs and a fixed one in backtests; the rest of a tag
// (trigger time and symbol) must agree.
const tagKey = (tag: string): string => tag.replace(/^(r-[0-9TZ]+)-[0-9a-f]+:/, '$1:');
// Each paper account draws its own epoch for its execution ids; the rest of the id must agree.
const execIdKey = (execId: string): string => execId.replace(/^paper-(?:[0-9a-f]+-)?(\d+-\d+)$/, 'paper-$1');

interface OrderRow { time: number; tag: string; symbol: string; side: string; quantity: number; limitPrice?: number; filledQuantity: number; status: string }
interface FillRow { execId: string; brokerOrderId: string; tag: string; symbol: string; side: string; quantity: number; price: number; commission: number; currency: string; time: number }

describe('a backtest and a paper run over the same data and schedule', () => {
  let dir: string;
  let paper: { orders: OrderRow[]; fills: FillRow[] };
  let backtest: { orders: OrderRow[]; fills: FillRow[]; finalEquity: number };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-bt-paper-'));
    const configFile = await initAccountFolder(dir);
    const config = loadConfig(configFile);
    const calendar = getCalendar('XNYS');
    const triggers = rebalanceTimes(calendar, FROM, TO, { kind: 'hourly' });
    const lastClose = sessionMarks(calendar, FROM, TO).at(-1)!.time;

    // The paper run: the real cycle, SQLite and files, one run per trigger on a simulated clock.
    const clock = new SimulatedClock(triggers[0]!);
    const account = await openAccount(config, { clock });
    try {
      for (const time of triggers) {
        clock.set(time);
        await runOnce(account, { purpose: 'trade', dryRun: false });
      }
      // The backtest marks the account at the last close, which matches the bars that ended
      // by then; a broker call at that time does the same for the paper account.
      clock.set(lastClose);
      await account.deps.broker.connect();
      await account.deps.broker.executions(0);
      await account.deps.broker.disconnect();
      const state = (await new SqliteDocuments(account.db, config.account.id).load('paper-account')) as PaperState;
      paper = {
        orders: state.orders.map((o) => ({ time: o.placedAt, tag: o.tag, symbol: o.symbol, side: o.side, quantity: o.quantity, limitPrice: o.limit, filledQuantity: o.filled, status: o.status })),
        fills: state.fills,
      };
    } finally {
      await account.close();
    }

    const run = await autofolio(['backtest', '--config', configFile, '--from', FROM, '--to', TO, '--rebalance', 'hourly', '--json']);
    expect(run.code, run.stderr).toBe(0);
    backtest = JSON.parse(run.stdout) as typeof backtest;
    // Fifteen real cycles and a child process: generous for a busy CI machine.
  }, 240_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trades: the comparison is not between two empty lists', () => {
    expect(paper.orders.length).toBeGreaterThan(10);
    expect(paper.fills.length).toBeGreaterThan(10);
    expect(new Set(paper.fills.map((f) => new Date(f.time).toISOString().slice(0, 10))).size).toBeGreaterThan(1);
  });

  it('places identical orders, and they end identically', () => {
    const key = (o: OrderRow) => ({ ...o, tag: tagKey(o.tag) });
    expect(backtest.orders.map((o) => key({ time: o.time, tag: o.tag, symbol: o.symbol, side: o.side, quantity: o.quantity, limitPrice: o.limitPrice!, filledQuantity: o.filledQuantity, status: o.status }))).toEqual(paper.orders.map(key));
  });

  it('gets identical fills: quantity, price, commission and time', () => {
    const key = (f: FillRow) => ({ ...f, tag: tagKey(f.tag), execId: execIdKey(f.execId) });
    expect(backtest.fills.map(key)).toEqual(paper.fills.map(key));
  });
});
