import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseBarTime } from '../data/csv/parse-bar-time.js';
import { backtestJson, backtestMetrics } from '../backtest/backtest-report.js';
import { CONFIG_SWEEP_KEYS, runJob, type BacktestJob } from '../backtest/backtest-job.js';
import { formatSummary } from '../backtest/format-result.js';
import { ProgressBar } from '../backtest/progress-bar.js';
import { parseRebalance } from '../backtest/schedule.js';
import { combinations, formatSweepTable, parseSweepAxis, sortRows, SORT_KEYS, type SweepAxis } from '../backtest/sweep-grid.js';
import { DEFAULT_QUEUE_URL_ENV } from '../queue/queue-url.js';
import { jsonPieces } from './json-pieces.js';

interface BacktestOptions {
  from?: string;
  to?: string;
  rebalance: string;
  data?: string;
  cacheDir?: string;
  report?: string;
  json?: boolean;
  sweep: string[];
  sortBy: string;
  queue?: boolean;
  queueUrlEnv: string;
  leaseSeconds: string;
}

function dateOption(name: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (text.length !== 10 || parseBarTime(text) === undefined) throw new Error(`--${name} ${JSON.stringify(text)}: write a date as YYYY-MM-DD`);
  return text;
}

/**
 * Writes to standard output and waits until the text is written: false when the reader has gone
 * (`autofolio backtest --json | head`), and the rest has nowhere to go.
 */
function writeOut(piece: string | Uint8Array): Promise<boolean> {
  return new Promise((done, fail) =>
    process.stdout.write(piece, (error) => {
      if (!error) done(true);
      else if ((error as NodeJS.ErrnoException).code === 'EPIPE' || (error as NodeJS.ErrnoException).code === 'ERR_STREAM_DESTROYED') done(false);
      else fail(error);
    }),
  );
}

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('Run the configured strategy over history on the paper broker and a simulated clock; print metrics, orders and fills')
    .option('--from <date>', 'first trading date, YYYY-MM-DD (default: the first date of the data)')
    .option('--to <date>', 'last trading date, YYYY-MM-DD (default: the last date of the data)')
    .option('--rebalance <when>', 'hourly | daily | weekly | monthly | every:N (N sessions, or N bars with backtest.schedule: bars)', 'daily')
    .option('--data <dir>', 'folder of <SYMBOL>.csv files (default: dataDir of the config)')
    .option('--cache-dir <dir>', 'folder of the columnar cache (default: .autofolio-cache in the data folder)')
    .option('--report <file>', 'write the HTML report, with the orders and fills, to this file')
    .option('--json', 'print the metrics, finalEquity, orders and fills as JSON')
    .option('--sweep <name=v1,v2>', 'run every combination of these values on worker threads (repeatable)', (value: string, all: string[]) => [...all, value], [])
    .option('--sort-by <metric>', `order of the sweep table: ${SORT_KEYS.join(', ')}`, 'sharpe')
    .option('--queue', 'run the sweep\'s combinations on the job queue (PostgreSQL), by `autofolio worker` on any machine, instead of threads of this one')
    .option('--queue-url-env <name>', 'with --queue: environment variable that holds the queue\'s PostgreSQL URL (never the URL itself)', DEFAULT_QUEUE_URL_ENV)
    .option('--lease-seconds <n>', 'with --queue: how long a worker may run one combination before it counts as dead and the combination is run again', '3600')
    .action(async (options: BacktestOptions, command: Command) => {
      const from = dateOption('from', options.from);
      const to = dateOption('to', options.to);
      const axes: SweepAxis[] = options.sweep.map((text) => parseSweepAxis(text, CONFIG_SWEEP_KEYS));
      if (!SORT_KEYS.includes(options.sortBy)) throw new Error(`--sort-by ${options.sortBy}: choose one of ${SORT_KEYS.join(', ')}`);
      const cache = options.cacheDir ? { cacheDir: resolve(options.cacheDir) } : {};
      if (from && to && from > to) throw new Error(`--from ${from} is after --to ${to}`);
      parseRebalance(options.rebalance);
      if (options.queue && axes.length === 0) throw new Error('--queue runs a sweep\'s combinations on the job queue: give the grid with --sweep name=v1,v2');
      const leaseSeconds = Number(options.leaseSeconds);
      if (!Number.isInteger(leaseSeconds) || leaseSeconds < 1) throw new Error(`--lease-seconds ${options.leaseSeconds}: expected a whole number of at least 1`);
      const base: BacktestJob = { configFile: resolve(command.optsWithGlobals<{ config: string }>().config), ...(options.data ? { dataDir: resolve(options.data) } : {}), ...cache, ...(from ? { fromDate: from } : {}), ...(to ? { toDate: to } : {}), rebalance: options.rebalance, params: {} };
      const progress = new ProgressBar(process.stderr, 'backtest');
      if (axes.length > 0) {
        const jobs = combinations(axes).map((params): BacktestJob => ({ ...base, params }));
        let unsorted;
        if (options.queue) {
          // Loaded only here: the queue's libraries (pg, pg-boss) are no cost to other backtests.
          const { runQueuedSweep } = await import('./backtest-queue-action.js');
          unsorted = await runQueuedSweep(jobs, { queueUrlEnv: options.queueUrlEnv, leaseSeconds }, progress);
        } else {
          // Loaded only here, as the report's modules below: worker threads are no cost to a single backtest.
          const { runSweepPool } = await import('../backtest/sweep-pool.js');
          unsorted = await runSweepPool(jobs, (done, total) => progress.update(done, total));
        }
        const rows = sortRows(unsorted, options.sortBy);
        progress.finish();
        if (options.json) console.log(JSON.stringify(rows));
        else for (const line of formatSweepTable(rows, axes.map((a) => a.name))) console.log(line);
        process.exitCode = rows.every((r) => r.error) ? 1 : 0;
        return;
      }
      const result = await runJob(base, (done, total) => progress.update(done, total));
      progress.finish();
      const metrics = backtestMetrics(result);
      if (options.report) {
        const { backtestHtml } = await import('../backtest/backtest-html.js');
        writeFileSync(resolve(options.report), backtestHtml(result, 'autofolio backtest'));
      }
      if (options.json) {
        // In pieces, straight to stdout: a long backtest's orders and fills make tens of megabytes
        // of text. Each is written before the next is made, which reuses its bytes.
        for (const piece of jsonPieces(backtestJson(result, metrics))) {
          if (!(await writeOut(piece))) return;
        }
        process.stdout.write('\n');
      } else {
        for (const line of formatSummary(result, metrics)) console.log(line);
        if (options.report) console.log(`report ${resolve(options.report)}`);
      }
    });
}
