import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CACHE_FOLDER } from '../src/data/columnar/columnar-cache.js';
import { BENCH_SEED, generateBenchData } from './generate-data.js';

// `npm run bench`: the backtrader comparison mode end to end, as a user runs it (a new
// `autofolio backtest` process that reads the CSVs, backtests and prints), on N symbols ×
// 2,520 daily bars of deterministic synthetic data. Cold = no columnar cache yet (every CSV is
// parsed); warm = the cache is reused. Wall time is measured from spawn to exit.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Its own compiled copy of the CLI (dist-bench/src), so a concurrent `npm run build` cannot swap files under it.
const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const WITH_USAGE = fileURLToPath(new URL('./with-usage.js', import.meta.url));
const DATA = join(ROOT, 'bench', '.data');
const BARS = 2_520;
const WARM_RUNS = 3;

interface Measure {
  readonly seconds: number;
  readonly maxRssMiB: number;
  readonly output: string;
}

function runCli(args: readonly string[]): Measure {
  const usageDir = mkdtempSync(join(tmpdir(), 'autofolio-bench-'));
  const usageFile = join(usageDir, 'usage.json');
  try {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [WITH_USAGE, CLI, ...args], { env: { ...process.env, BENCH_USAGE_FILE: usageFile }, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (child.status !== 0) throw new Error(`autofolio ${args.join(' ')} failed (${child.status}): ${child.stderr}`);
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRssKiB: number };
    return { seconds, maxRssMiB: usage.maxRssKiB / 1024, output: child.stdout };
  } finally {
    rmSync(usageDir, { recursive: true, force: true });
  }
}

const runBacktest = (dataDir: string): Measure => runCli(['backtest', '--compat', 'backtrader', '--data', dataDir]);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** CPU time of a fixed loop: on a busy shared machine every figure below is slower by about its ratio to an idle core (~100 ms). */
function calibrate(): number {
  const start = process.cpuUsage();
  let sum = 0;
  for (let i = 0; i < 1e8; i += 1) sum += i * 0.5;
  const used = process.cpuUsage(start);
  return sum > 0 ? (used.user + used.system) / 1000 : Number.NaN;
}

const rows: string[][] = [];
// What every command pays before it starts: Node, and loading the CLI with all its commands.
const startup = median(Array.from({ length: WARM_RUNS }, () => runCli(['backtest', '--help']).seconds));
console.log(`autofolio bench: backtest --compat backtrader, ${BARS} daily bars per symbol, seed ${BENCH_SEED}`);
console.log(`machine: ${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`calibration: 1e8 float additions took ${calibrate().toFixed(0)} ms of CPU (about 100 ms on an idle core)\n`);
for (const symbols of [100, 500]) {
  const dir = join(DATA, `n${symbols}`);
  if (generateBenchData(dir, { symbols, bars: BARS, seed: BENCH_SEED })) console.log(`generated ${symbols} CSV files in ${dir}`);
  rmSync(join(dir, DEFAULT_CACHE_FOLDER), { recursive: true, force: true });
  const cold = runBacktest(dir);
  const warm = Array.from({ length: WARM_RUNS }, () => runBacktest(dir));
  const equity = (m: Measure): string => /^equity [\d,.]+ → ([\d,.]+)/m.exec(m.output)?.[1] ?? '?';
  if (warm.some((m) => equity(m) !== equity(cold))) throw new Error('cold and warm runs disagree on the final equity');
  const bars = symbols * BARS;
  const warmSeconds = median(warm.map((m) => m.seconds));
  const line = (label: string, seconds: number, rss: number): string[] => [String(symbols), label, seconds.toFixed(3), Math.round(bars / seconds).toLocaleString('en-US'), rss.toFixed(0), equity(cold), (seconds - startup).toFixed(3)];
  rows.push(line('cold', cold.seconds, cold.maxRssMiB));
  rows.push(line(`warm (median of ${WARM_RUNS})`, warmSeconds, Math.max(...warm.map((m) => m.maxRssMiB))));
}
const head = ['symbols', 'run', 'wall s', 'bars/s', 'peak RSS MiB', 'final equity', 'wall − startup s'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
for (const row of [head, ...rows]) console.log(row.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
console.log(`\nstartup (autofolio backtest --help, median of ${WARM_RUNS}): ${startup.toFixed(3)} s`);
console.log('target: 500 symbols in under 1.5 s end to end (warm), peak RSS under 300 MiB');
