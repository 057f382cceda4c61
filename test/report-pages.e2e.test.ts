import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchSymbol, generateBenchData } from '../bench/generate-data.js';
import { renderReport } from '../src/analytics/render-report.js';
import { openAccount, type OpenAccount } from '../src/app/open-account.js';
import { runOnce } from '../src/app/run-once.js';
import { getCalendar } from '../src/calendar/get-calendar.js';
import { initAccountFolder } from '../src/cli/init-command.js';
import { accountInput } from '../src/cli/report-command.js';
import { loadConfig } from '../src/config/load.js';
import { SimulatedClock } from '../src/domain/clock.js';
import { autofolio } from './cli.js';

// Debian's Chromium, driven by playwright-core, which never downloads a browser (.ci/run installs it).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The screenshots stay after the run, for a person to look at.
const SHOTS = process.env.REPORT_SCREENSHOTS ?? join(tmpdir(), 'autofolio-report-pages');
// A month of sessions of the sample data; the account report is taken after the first and after the last.
const SESSIONS = getCalendar('XNYS').sessions('2025-10-01', '2025-10-31');

interface ChartFacts {
  readonly title: string;
  readonly yMin: number;
  readonly yMax: number;
  readonly first: string | null;
  readonly last: string | null;
  /** The text of the last-date label, and whether it lies wholly inside the chart's frame. */
  readonly lastLabel: string | null;
  readonly lastLabelInside: boolean;
  readonly series: string[];
  readonly yLabels: string[];
}

/** What a reader sees of every chart: its axis range, its date labels and where they are drawn, its lines. */
async function chartFacts(page: Page): Promise<ChartFacts[]> {
  return page.$$eval('figure[data-chart] svg', (svgs) =>
    svgs.map((svg) => {
      const frame = svg.getBoundingClientRect();
      const ends = svg.querySelectorAll('text.end-date');
      const lastLabel = ends.length > 0 ? ends[ends.length - 1]! : null;
      const box = lastLabel?.getBoundingClientRect();
      return {
        title: svg.closest('figure')!.getAttribute('data-chart') ?? '',
        yMin: Number(svg.getAttribute('data-y-min')),
        yMax: Number(svg.getAttribute('data-y-max')),
        first: svg.getAttribute('data-first'),
        last: svg.getAttribute('data-last'),
        lastLabel: lastLabel?.textContent ?? null,
        lastLabelInside: box ? box.left >= frame.left && box.right <= frame.right && box.bottom <= frame.bottom : true,
        series: [...svg.querySelectorAll('path[data-series]')].map((p) => p.getAttribute('data-series') ?? ''),
        yLabels: [...svg.querySelectorAll('text[text-anchor="end"]:not(.end-date)')].map((t) => t.textContent ?? ''),
      };
    }),
  );
}

/** The step between the y labels of a chart is 1, 2 or 5 × 10^k. */
function roundStep(labels: readonly string[]): boolean {
  const values = labels.map((l) => Number(l.replace(/[^0-9.-]/g, '')));
  if (values.length < 2 || values.some((v) => !Number.isFinite(v))) return false;
  const step = Math.abs(values[1]! - values[0]!);
  const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
  return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6);
}

describe('report pages in headless Chromium, from day one to year ten', () => {
  let dir: string;
  let browser: Browser;
  let account: OpenAccount;
  const pages = new Map<string, string>();

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM}: no Chromium to check the pages in; install Debian's chromium package (.ci/run does) or set CHROMIUM_PATH`);
    dir = mkdtempSync(join(tmpdir(), 'autofolio-pages-'));
    mkdirSync(SHOTS, { recursive: true });

    // An account with a benchmark, reported after its first run and after a month of runs.
    const configPath = await initAccountFolder(join(dir, 'account'));
    writeFileSync(configPath, readFileSync(configPath, 'utf8').replace('\nnotify:', '\nanalytics:\n  benchmark: SPY\n\nnotify:'));
    const config = loadConfig(configPath);
    const clock = new SimulatedClock(SESSIONS[0]!.open);
    account = await openAccount(config, { clock });
    for (const [i, session] of SESSIONS.entries()) {
      clock.set(session.open + 65 * 60_000);
      await runOnce(account, { purpose: 'trade', dryRun: false });
      if (i === 0 || i === SESSIONS.length - 1) {
        const input = await accountInput(account, 0, Date.parse('9999-01-01'));
        const file = join(dir, i === 0 ? 'day-one.html' : 'one-month.html');
        writeFileSync(file, renderReport(input, { title: 'autofolio report: PAPER-1', subtitle: 'paper account PAPER-1, benchmark SPY' }));
        pages.set(i === 0 ? 'day-one' : 'one-month', file);
      }
    }

    // Ten years of the bench's daily data, backtested by the built CLI with the first file as the benchmark.
    const data = join(dir, 'bench-data');
    const bench = generateBenchData(data, { symbols: 6, interval: 'daily', days: 2_610, seed: 20_240_101 });
    const symbols = Array.from({ length: 6 }, (_, i) => benchSymbol(i));
    const btConfig = join(dir, 'backtest.yaml');
    writeFileSync(
      btConfig,
      `account: { id: BT-1, baseCurrency: USD }
clock: data
dataDir: ${data}
stateDir: state
broker: { kind: paper, initialCash: { USD: 1000000 }, spreadBps: 2, maxVolumeShare: 1 }
instruments:
${symbols.map((s) => `  - { symbol: ${s}, currency: USD, exchange: XNYS }`).join('\n')}
strategy: { kind: inverse-vol, lookbackDays: 60, grossExposure: 0.98, volTarget: { target: 0.1, lookbackDays: 20, maxLeverage: 1.5 } }
risk: { maxGrossLeverage: 2, maxWeight: 1, maxOrderValuePct: 100, maxOrders: 10000, dailyLossLimitPct: 100, priceBandBps: 5000 }
notify: { to: owner@example.com, from: autofolio@localhost }
analytics: { benchmark: ${symbols[0]} }
backtest: { commission: { model: fraction, rate: 0.0005 } }
`,
    );
    const report = join(dir, 'ten-years.html');
    const run = await autofolio(['backtest', '--config', btConfig, '--rebalance', 'weekly', '--report', report]);
    expect(run.code, run.stderr).toBe(0);
    expect(bench.firstDate < '2015-01-06').toBe(true);
    pages.set('ten-years', report);

    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await account?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    await page.goto(`file://${pages.get(name)!}`);
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    return page;
  }

  it('day one: no chart frames with empty axes, a clear note of what comes and when', async () => {
    const page = await open('day-one');
    const charts = await chartFacts(page);
    // Only the slippage histogram of the first fills may be drawn: no line chart of one point.
    expect(charts.filter((c) => c.last !== null)).toEqual([]);
    for (const c of charts) expect(c.yMax, c.title).toBeGreaterThan(c.yMin);
    const note = await page.textContent('.start');
    expect(note).toContain(`Day one: ${SESSIONS[0]!.date}`);
    expect(note).toContain('start with the second trading day');
    expect(await page.isVisible('text=Trades')).toBe(true);
    await page.close();
  });

  it('one month: every chart has a real axis range, the last date in full inside its frame, round ticks and the benchmark', async () => {
    const page = await open('one-month');
    const charts = await chartFacts(page);
    const lines = charts.filter((c) => c.last !== null);
    expect(lines.map((c) => c.title)).toEqual(['Return since the start (time-weighted)', 'Equity (USD)', 'Drawdown', 'Exposure and leverage', 'Positions (weight of equity)', 'Rolling volatility (annualised)']);
    const lastDate = SESSIONS[SESSIONS.length - 1]!.date;
    for (const c of charts) expect(c.yMax, c.title).toBeGreaterThan(c.yMin);
    for (const c of lines) {
      expect(c.lastLabel, c.title).toBe(lastDate);
      expect(c.lastLabelInside, `${c.title}: the last date is cut off`).toBe(true);
      expect(roundStep(c.yLabels), `${c.title}: ${c.yLabels.join(', ')}`).toBe(true);
    }
    expect(lines[0]!.series).toEqual(['portfolio', 'SPY']);
    // Eleven positions: the eight largest by weight, then the rest as one band.
    expect(lines[4]!.series).toHaveLength(9);
    expect(lines[4]!.series.at(-1)).toBe('3 others');
    // 21 sessions: the 20-day volatility has begun, the 60-day one says when it will.
    expect(lines[5]!.series).toEqual(['20 days']);
    expect(await page.textContent('figure[data-chart^="Rolling"]')).toContain('60-day line starts once there are 61 trading days');
    expect(await page.locator('details summary', { hasText: 'All fills' }).count()).toBe(1);
    expect(await page.isVisible('table.list')).toBe(false);
    await page.close();
  });

  it('ten years of backtest: calendar ticks at year boundaries, the benchmark line, exposure, the trades folded', async () => {
    const page = await open('ten-years');
    const charts = await chartFacts(page);
    const lines = charts.filter((c) => c.last !== null);
    expect(lines.length).toBe(6);
    for (const c of charts) expect(c.yMax, c.title).toBeGreaterThan(c.yMin);
    for (const c of lines) {
      expect(c.lastLabel, c.title).toBe('2024-12-31');
      expect(c.lastLabelInside, `${c.title}: the last date is cut off`).toBe(true);
      expect(roundStep(c.yLabels), `${c.title}: ${c.yLabels.join(', ')}`).toBe(true);
    }
    expect(lines[0]!.series).toEqual(['portfolio', benchSymbol(0)]);
    expect(lines[3]!.series.length).toBe(2);
    expect([...lines[4]!.series].sort()).toEqual(Array.from({ length: 6 }, (_, i) => benchSymbol(i)));
    const xLabels = await page.$$eval('figure[data-chart^="Return"] svg text[text-anchor="middle"]', (texts) => texts.map((t) => t.textContent ?? ''));
    expect(xLabels.length).toBeGreaterThanOrEqual(4);
    for (const label of xLabels) expect(label).toMatch(/^20\d\d$/);
    expect(await page.textContent('body')).toContain(`Against ${benchSymbol(0)}`);
    expect(await page.locator('details summary', { hasText: 'All orders' }).count()).toBe(1);
    await page.close();
  });
});
