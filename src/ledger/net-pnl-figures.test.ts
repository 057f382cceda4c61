import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeMetrics } from '../analytics/compute-metrics.js';
import type { Journal } from '../cycle/journal.js';
import { buildSnapshot } from '../cycle/steps/build-snapshot.js';
import { FxRates } from '../domain/money.js';
import type { Snapshot } from '../domain/snapshot.js';
import { composeDigest } from '../notify/compose-digest.js';
import { sampleSnapshot } from '../notify/test-fixtures.js';
import { dailyLossCheck } from '../risk/checks/daily-loss.js';
import { riskInput } from '../risk/risk-input.fixture.js';
import { MemoryJournal } from '../store/memory-journal.js';
import { openSqlite } from '../store/sqlite.js';
import { SqliteJournal } from '../store/sqlite-journal.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountAnalyticsInput } from './account-analytics.js';
import { flowsSince, journalFlows } from './external-flows.js';
import type { LedgerEntry } from './ledger-entry.js';

/*
 * One account's three days, worked by hand; the cycle, the breaker, the digest and the report
 * must all give these figures.
 *
 *   day 1  15:30  run A          NLV 100 000                     (the report starts here)
 *          15:30  deposit 10 000, added after A at A's very time (clock: data)
 *   day 2  15:30  run B          day starts at 110 000; NLV 111 100
 *          17:00  withdrawal 11 110
 *          19:30  run C          NLV 99 000
 *   day 3  14:00  dividend 500 (income: P&L, not a flow)
 *          15:30  run D          NLV 100 485
 *
 *   A→B  111 100 / (100 000 + 10 000) − 1 = +1 %
 *   B→C   99 000 / (111 100 − 11 110) − 1 = 99 000 / 99 990 − 1
 *   day 2 = 1.01 × 99 000 / 99 990 − 1 = 0 exactly (99 990 = 99 000 × 1.01)
 *   day 3 = 100 485 / 99 000 − 1 = +1.5 %;  TWR = +1.5 %
 *   at C: P&L today = 99 000 − 110 000 − (−11 110) = +110 on 98 890 of capital (+0.111 %);
 *         since start = 99 000 − 100 000 − (10 000 − 11 110) = +110
 *   the digest's curve at C: A + 10 000 − 11 110 = 98 890, B − 11 110 = 99 990, C = 99 000
 */
const at = (date: string, hhmm: string): number => Date.parse(`${date}T${hhmm}:00Z`);
const DAY1 = '2025-11-03';
const DAY2 = '2025-11-04';
const DAY3 = '2025-11-05';
const cash = (kind: LedgerEntry['kind'], time: number, dollars: number): LedgerEntry => ({ kind, time, currency: 'USD', amountMinor: dollars * 100, rateToBase: 1 });
const snap = (runId: string, time: number, nlv: number): Snapshot => sampleSnapshot({ runId, time, nlv, positions: [], cash: { USD: nlv }, trades: [] });
const account = (nlv: number) => ({ accountId: 'DU1234567', baseCurrency: 'USD', netLiquidation: nlv, cash: { USD: nlv }, positions: [] });

async function recordScenario(journal: Journal): Promise<Snapshot> {
  await journal.record({ dayStarted: { date: DAY1, startNlv: 100_000, at: at(DAY1, '15:30') }, accountStartNlv: 100_000 });
  await journal.record({ snapshot: snap('r-a', at(DAY1, '15:30'), 100_000) });
  await journal.record({ ledger: [cash('deposit', at(DAY1, '15:30'), 10_000)] });
  await journal.record({ dayStarted: { date: DAY2, startNlv: 110_000, at: at(DAY2, '15:30') } });
  await journal.record({ snapshot: snap('r-b', at(DAY2, '15:30'), 111_100) });
  await journal.record({ ledger: [cash('withdrawal', at(DAY2, '17:00'), 11_110)] });
  await journal.record({ dayStarted: { date: DAY2, startNlv: 1, at: at(DAY2, '19:30') } });
  const day = (await journal.day(DAY2))!;
  const made = buildSnapshot({
    runId: 'r-c',
    time: at(DAY2, '19:30'),
    account: account(99_000),
    instruments: new Map(),
    quotes: new Map(),
    fx: new FxRates('USD', {}),
    startOfDayNlv: day.startNlv,
    accountStartNlv: (await journal.accountStartNlv())!,
    flows: await flowsSince(journal, 'USD', day.startLedgerSeq),
    trades: [],
  });
  await journal.record({ snapshot: made });
  await journal.record({ ledger: [cash('dividend', at(DAY3, '14:00'), 500)] });
  await journal.record({ snapshot: snap('r-d', at(DAY3, '15:30'), 100_485) });
  return made;
}

const journals: [string, () => Promise<{ journal: Journal; close(): Promise<void> }>][] = [
  ['memory', async () => ({ journal: new MemoryJournal(), close: async () => {} })],
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'autofolio-figures-'));
      const db = await openSqlite(join(dir, 'autofolio.sqlite'));
      return { journal: new SqliteJournal(db, 'DU1234567'), close: async () => (await db.destroy(), rmSync(dir, { recursive: true, force: true })) };
    },
  ],
];

for (const [name, open] of journals) {
  describe(`P&L net of cash flows, one set of hand-worked figures (${name} journal)`, () => {
    let opened: { journal: Journal; close(): Promise<void> };
    let atC: Snapshot;
    beforeEach(async () => {
      opened = await open();
      atC = await recordScenario(opened.journal);
    });
    afterEach(() => opened.close());

    it('the cycle\'s snapshot: P&L today and since start without the deposit and the withdrawal', () => {
      expect(atC.pnlDay).toBe(110);
      expect(atC.pnlSinceStart).toBe(110);
    });

    it('the daily loss breaker: a withdrawal is no loss, a loss after it is measured on what is left', () => {
      const input = (nlv: number) => riskInput({ account: { ...riskInput().account, netLiquidation: nlv }, startOfDayNlv: 110_000, startOfDayFlows: -11_110, limits: { ...riskInput().limits, dailyLossLimitPct: 5 } });
      expect(dailyLossCheck(input(99_000))).toEqual([]);
      // 98 890 × 0.95 = 93 945.5
      expect(dailyLossCheck(input(93_945.5))).toEqual([]);
      expect(dailyLossCheck(input(93_945))).toHaveLength(1);
    });

    it('the digest: P&L lines and a curve with no jump where money moved', async () => {
      const svgs: string[] = [];
      const notice = await composeDigest(opened.journal, {
        snapshot: atC,
        label: 'session end',
        killSwitch: { halted: false },
        dayStart: at(DAY2, '13:30'),
        now: at(DAY2, '19:30'),
        chartDays: 30,
        dailyLossLimitPct: 5,
        flows: await journalFlows(opened.journal, 'USD'),
        render: async (svg) => (svgs.push(svg), Buffer.from('png')),
      });
      expect(notice.text).toMatch(/P&L today\s+\+110\.00 USD \(\+0\.11%\)/);
      expect(notice.text).toMatch(/P&L since start\s+\+110\.00 USD \(\+0\.11%\)/);
      expect(notice.text).toMatch(/Daily loss limit\s+OK: \+0\.11% today/);
      expect(notice.text).toContain('98,890.00 → 99,000.00 USD (+0.11%) over 3 snapshots');
      expect(notice.text).toContain('earlier values include the net -1,110.00 USD deposited or withdrawn since');
      expect(svgs[0]).toContain('NLV (USD) adjusted for deposits and withdrawals, 3 snapshots +0.11%');
    });

    it('the report: returns chained over every snapshot, each flow in the sub-period it was recorded in', async () => {
      const { journal } = opened;
      const input = accountAnalyticsInput({
        baseCurrency: 'USD',
        snapshots: await journal.snapshotsBetween(0, at(DAY3, '23:00')),
        fills: [],
        entries: await journal.ledgerEntries(),
        rates: await journal.rates(),
        sentQuotes: [],
        terms: new Map(),
        dateOf: (time) => new Date(time).toISOString().slice(0, 10),
        riskFreeRate: 0,
      });
      expect(input.equity).toEqual([
        { date: DAY1, value: 100_000 },
        { date: DAY2, value: 99_000 },
        { date: DAY3, value: 100_485 },
      ]);
      expect(input.returns![0]).toBeCloseTo(0, 12);
      expect(input.returns![1]).toBeCloseTo(0.015, 12);
      const metrics = computeMetrics(input);
      expect(metrics.twr).toBeCloseTo(0.015, 12);
      expect(metrics.netCashFlows).toBeCloseTo(-1_110, 9);
      expect(metrics.maxDrawdown).toBeCloseTo(0, 12);
    });
  });
}
