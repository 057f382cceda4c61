import { termsWithOptions } from '../options/option-map.js';
import { spreadTable } from '../notify/spread-rows.js';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { computeMetrics, metricsJson, type AnalyticsInput } from '../analytics/compute-metrics.js';
import { renderReport } from '../analytics/render-report.js';
import type { DatedValue } from '../analytics/series.js';
import { openAccount, type OpenAccount } from '../app/open-account.js';
import { loadConfig } from '../config/load.js';
import { accountAnalyticsInput } from '../ledger/account-analytics.js';
import { accountOrderSlippages } from '../ledger/account-order-slippage.js';
import { htmlParagraph, htmlTable } from '../notify/html.js';
import { planCaption, positionsAgainstTargets, positionTargetCells, positionTargetColumns } from '../notify/positions-vs-targets.js';
import { SqliteAnalyticsSource } from '../store/sqlite-analytics.js';
import { dailyCloses } from '../strategy/daily-closes.js';

const DAY = 86_400_000;

function dateBound(text: string | undefined, option: string, fallback: number, endOfDay: boolean): number {
  if (text === undefined) return fallback;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text))) throw new Error(`${option} "${text}" is not a date (YYYY-MM-DD)`);
  return Date.parse(text) + (endOfDay ? DAY : 0);
}

/** The account's history from its database, ledger and (for the benchmark) market data files. */
export async function accountInput(account: OpenAccount, from: number, to: number): Promise<AnalyticsInput> {
  const { config, journal, marketData, clock, sessionAt } = account.deps;
  const source = new SqliteAnalyticsSource(account.db, config.account.id);
  const dateOf = (time: number): string => sessionAt(time)?.date ?? new Date(time).toISOString().slice(0, 10);
  let benchmark: DatedValue[] | undefined;
  if (config.analytics.benchmark) {
    const bars = await marketData.bars(config.analytics.benchmark, Math.min(to, clock.now()));
    benchmark = dailyCloses(bars, Math.min(to, clock.now())).map((c) => ({ date: new Date(c.day).toISOString().slice(0, 10), value: c.close }));
  }
  return accountAnalyticsInput({
    baseCurrency: config.account.baseCurrency,
    snapshots: await source.snapshots(from, to),
    fills: await source.fills(from, to),
    entries: await journal.ledgerEntries(),
    rates: await journal.rates(),
    sentQuotes: await journal.sentQuotes(),
    terms: termsWithOptions(config.instruments),
    dateOf,
    riskFreeRate: config.analytics.riskFreeRate,
    ...(benchmark ? { benchmark, benchmarkName: config.analytics.benchmark } : {}),
  });
}

/** The account's positions against the latest plan's targets, as status and the digest show them. */
async function positionsSection(account: OpenAccount): Promise<{ title: string; html: string }> {
  const { journal, timeZone, config } = account.deps;
  const [snapshot, plan] = [await journal.latestSnapshot(), await journal.latestPlan()];
  const rows = positionsAgainstTargets(snapshot, plan).map(positionTargetCells);
  const table = rows.length > 0 ? htmlTable(positionTargetColumns(config.account.baseCurrency), rows) : '';
  return { title: 'Positions against targets', html: htmlParagraph(planCaption(plan, timeZone)) + table };
}

/** The option spreads of the latest snapshot, with their legs, cost and value; none when it holds none. */
async function spreadsSection(account: OpenAccount): Promise<{ title: string; html: string }[]> {
  const snapshot = await account.deps.journal.latestSnapshot();
  if (!snapshot?.spreads || snapshot.spreads.length === 0) return [];
  const table = spreadTable(snapshot.spreads, snapshot.baseCurrency);
  return [{ title: 'Option spreads', html: htmlTable(table.columns, table.rows) }];
}

/** `autofolio report`: one self-contained HTML file of the account's performance, or its metrics as JSON. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('Write the performance report (one offline HTML file), or print its metrics with --json')
    .option('--from <YYYY-MM-DD>', 'first date (default: the first snapshot)')
    .option('--to <YYYY-MM-DD>', 'last date (default: the last snapshot)')
    .option('--out <file>', 'the HTML file to write', 'report.html')
    .option('--json', 'print the metrics as one JSON object instead of writing the file')
    .action(async (options: { from?: string; to?: string; out: string; json?: boolean }, command: Command) => {
      const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
      const from = dateBound(options.from, '--from', 0, false);
      const to = dateBound(options.to, '--to', Date.parse('9999-01-01'), true);
      const account = await openAccount(config);
      try {
        const input = await accountInput(account, from, to);
        if (options.json) {
          console.log(JSON.stringify(metricsJson(computeMetrics(input))));
          return;
        }
        const path = resolve(options.out);
        const sections = [await positionsSection(account), ...(await spreadsSection(account))];
        const periodFills = await new SqliteAnalyticsSource(account.db, config.account.id).fills(from, to);
        const terms = new Map(config.instruments.map((i) => [i.symbol, { multiplier: i.multiplier }]));
        const orders = await accountOrderSlippages(account.deps.journal, periodFills.map((f) => f.tag), { baseCurrency: config.account.baseCurrency, terms });
        const html = renderReport(input, { orders, title: `autofolio report: ${config.account.id}`, subtitle: `${config.broker.kind} account ${config.account.id}, base currency ${config.account.baseCurrency}${config.analytics.benchmark ? `, benchmark ${config.analytics.benchmark}` : ''}`, generatedAt: new Date().toISOString(), sections });
        writeFileSync(path, html, { mode: 0o600 });
        console.log(`report written to ${path} (${input.equity.length} days, ${input.fills?.length ?? 0} fills)`);
      } finally {
        await account.close();
      }
    });
}
