import type { Command } from 'commander';
import { computeMetrics, HEADLINE_KEYS, metricsJson } from '../analytics/compute-metrics.js';
import { TRADING_DAYS_PER_YEAR } from '../analytics/conventions.js';
import { readSeriesCsv } from '../analytics/csv-series.js';

function number(text: string, option: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new Error(`${option} "${text}" is not a number`);
  return value;
}

/**
 * `autofolio metrics`: the report's metrics for any equity series from elsewhere, with the same
 * code. Needs no config file.
 */
export function registerMetricsCommand(program: Command): void {
  program
    .command('metrics')
    .description('Compute the performance metrics of an equity series from CSV files (date,equity; date,amount; date,value)')
    .requiredOption('--equity <file>', 'CSV with header date,equity: end-of-day equity')
    .option('--cashflows <file>', 'CSV with header date,amount: deposits (+) and withdrawals (−)')
    .option('--benchmark <file>', 'CSV with header date,<value>: a benchmark price or equity series')
    .option('--risk-free-rate <rate>', 'annual risk-free rate as a fraction', '0')
    .option('--periods-per-year <n>', 'periods in a year of the series', String(TRADING_DAYS_PER_YEAR))
    .option('--json', 'print one JSON object')
    .action((options: { equity: string; cashflows?: string; benchmark?: string; riskFreeRate: string; periodsPerYear: string; json?: boolean }) => {
      const equity = readSeriesCsv(options.equity, { valueName: 'equity', increasing: true });
      const cashFlows = options.cashflows ? readSeriesCsv(options.cashflows, { valueName: 'amount', increasing: false }).map((p) => ({ date: p.date, amount: p.value })) : [];
      const benchmark = options.benchmark ? readSeriesCsv(options.benchmark, { valueName: 'value', increasing: true }) : undefined;
      const metrics = computeMetrics({
        equity,
        cashFlows,
        ...(benchmark ? { benchmark, benchmarkName: options.benchmark } : {}),
        conventions: { riskFreeRate: number(options.riskFreeRate, '--risk-free-rate'), periodsPerYear: number(options.periodsPerYear, '--periods-per-year') },
      });
      const json = metricsJson(metrics);
      if (options.json) {
        console.log(JSON.stringify(json));
        return;
      }
      for (const key of [...HEADLINE_KEYS, 'mwr'] as const) console.log(`${key.padEnd(16)} ${json[key] === null ? '–' : String(json[key])}`);
    });
}
