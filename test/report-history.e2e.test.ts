import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMetrics, type AnalyticsInput } from '../src/analytics/compute-metrics.js';
import { renderReport } from '../src/analytics/render-report.js';
import { openAccount, type OpenAccount } from '../src/app/open-account.js';
import { runOnce } from '../src/app/run-once.js';
import { getCalendar } from '../src/calendar/get-calendar.js';
import { initAccountFolder } from '../src/cli/init-command.js';
import { accountInput } from '../src/cli/report-command.js';
import { loadConfig } from '../src/config/load.js';
import { SimulatedClock } from '../src/domain/clock.js';
import { balanceChecks } from '../src/ledger/ledger-balance.js';

// Thirty sessions of the sample data, one trading run an hour after each open.
const SESSIONS = getCalendar('XNYS').sessions('2025-10-01', '2025-11-12');

describe('a month of paper trading, reconciled every run, reported', () => {
  let dir: string;
  let account: OpenAccount;
  let input: AnalyticsInput;
  const outcomes: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-history-'));
    const configPath = await initAccountFolder(dir);
    writeFileSync(configPath, readFileSync(configPath, 'utf8').replace('\nnotify:', '\nanalytics:\n  benchmark: SPY\n  riskFreeRate: 0.02\n\nnotify:'));
    const clock = new SimulatedClock(SESSIONS[0]!.open);
    account = await openAccount(loadConfig(configPath), { clock });
    for (const session of SESSIONS) {
      clock.set(session.open + 65 * 60_000);
      const result = await runOnce(account, { purpose: 'trade', dryRun: false });
      outcomes.push(result.outcome === 'ok' ? 'ok' : `${session.date}: ${result.problems.join('; ')}`);
    }
    input = await accountInput(account, 0, Date.parse('9999-01-01'));
  }, 300_000);

  afterAll(async () => {
    await account.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every run reconciles and the books balance to the cent', async () => {
    // On the Canadian holiday inside the month only XIU waits (risk.closedMarket: hold-orders): every run is ok.
    expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
    const journal = await account.db.selectFrom('journal').select(['outcome']).where('step', '=', 'reconcile').execute();
    expect(journal).toHaveLength(SESSIONS.length);
    expect(journal.every((j) => j.outcome === 'ok')).toBe(true);
    for (const check of balanceChecks(await account.deps.ledger!.state())) expect(check.assetsAtCost).toBe(check.sources);
  });

  it('the metrics cover every day, the foreign position and the benchmark', () => {
    expect(input.equity).toHaveLength(SESSIONS.length);
    const m = computeMetrics(input);
    expect(m.periods).toBe(SESSIONS.length - 1);
    for (const key of ['twr', 'cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'turnover', 'slippageBps', 'fxEffect'] as const) expect(m[key], key).not.toBeNull();
    expect(m.twr).toBeCloseTo(input.equity[input.equity.length - 1]!.value / input.equity[0]!.value - 1, 10);
    expect(m.maxDrawdown!).toBeLessThanOrEqual(0);
    expect(m.commissions).toBeGreaterThan(0);
    expect(m.conventions.riskFreeRate).toBe(0.02);
    expect(m.benchmark?.name).toBe('SPY');
    // The paper broker fills marketable limits at the touch: half the configured 2 bp spread away from the mid.
    expect(m.slippageBps!).toBeGreaterThan(0);
    expect(m.slippageBps!).toBeLessThan(10);
  });

  it('the report draws the whole history', () => {
    const html = renderReport(input, { title: 'history' });
    expect(html).toContain('Against SPY');
    expect(html).toContain('XIU');
    expect((html.match(/<td style="background:/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });
});
