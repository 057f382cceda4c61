import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CACHE_FOLDER } from '../src/data/columnar/columnar-cache.js';
import { writeBenchConfig } from './config-file.js';
import { BENCH_SEED, benchSymbol, generateBenchData, type BenchData, type BenchDataSpec } from './generate-data.js';
import { calibrationLine, machineLine } from './machine.js';
import { measureNode, type Measure } from './measure.js';
import { formatTable } from './table.js';

// `npm run bench`: the backtest exactly as users run it, a new `autofolio backtest --config FILE`
// process that loads the config, reads the CSV files through the columnar cache, backtests and
// prints JSON, on deterministic synthetic data. Beside it, as the baseline, a plain Node loop
// (plain-loop.ts) that parses the same files by hand and does the same arithmetic; its final
// equity must be autofolio's. Cold = the columnar cache deleted first, so every CSV is parsed;
// warm = the cache present. Wall time runs from spawn to exit, Node's start-up included for both.
// The bench prints figures and targets and asserts nothing about time: a shared machine's load
// would make such checks fail at random. It exits non-zero only when a run fails or disagrees.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Its own bundle of the CLI (dist-bench/bin, as dist/bin ships), so a concurrent `npm run build` cannot swap files under it.
const CLI = fileURLToPath(new URL('../bin/autofolio.js', import.meta.url));
// The CLI reads its version from package.json two folders above its file, as in an install:
// its compiled copy gets one beside it too.
copyFileSync(join(ROOT, 'package.json'), fileURLToPath(new URL('../package.json', import.meta.url)));
const PLAIN_LOOP = fileURLToPath(new URL('./plain-loop.js', import.meta.url));
const DATA = join(ROOT, 'bench', '.data');
const CONFIGS = join(ROOT, 'bench', 'configs');
const RUNS = 3;
// The daily cases run autofolio warm and the plain loop in turn, this many pairs: a shared
// machine's speed drifts by a third within minutes, and a ratio of two runs made one after the
// other moves far less than a ratio of two medians taken minutes apart. Single pairs still
// ranged over ±0.2 on a 2-core server; a median of nine moves about a quarter less than one of five.
const PAIRS = 9;
const TOLERANCE = 1e-5;
// The user cache (validated configs) of the bench's own, which every autofolio run inherits:
// never the user's, so that no figure depends on what an earlier command left there. A cold
// run starts with it empty, as with the columnar cache; warm runs find the config's entry.
const USER_CACHE = mkdtempSync(join(tmpdir(), 'autofolio-bench-user-cache-'));
process.env.AUTOFOLIO_CACHE_DIR = USER_CACHE;
process.once('exit', () => rmSync(USER_CACHE, { recursive: true, force: true }));

interface Case {
  readonly name: string;
  readonly dir: string;
  readonly symbols: readonly string[];
  readonly data: BenchData;
  readonly template: string;
  /** The options after `backtest --config FILE`. */
  readonly options: readonly string[];
}

/** One timed process: its final equity, or why there is none. */
interface Run {
  readonly seconds: number;
  readonly maxRssMiB: number;
  readonly equity?: number;
  readonly problem?: string;
}

interface Row {
  readonly name: string;
  readonly label: string;
  readonly runs: readonly Run[];
  readonly symbols: number;
  readonly bars: number;
  readonly baseline?: Row;
  /** Its runs were made in turn with the baseline's: its ratio is the median of the pairs' ratios. */
  readonly paired?: boolean;
  readonly target?: string;
}

const count = (n: number): string => n.toLocaleString('en-US');

function prepare(spec: BenchDataSpec, template: string, options: (data: BenchData) => readonly string[]): Case {
  const dir = join(DATA, `${spec.interval}-${spec.symbols}x${spec.days}`);
  const data = generateBenchData(dir, spec);
  const name = `${spec.symbols} × ${count(data.bars)} ${spec.interval}`;
  if (data.generated) console.log(`generated ${name} in ${dir}`);
  const symbols = Array.from({ length: spec.symbols }, (_, i) => benchSymbol(i));
  return { name, dir, symbols, data, template: join(CONFIGS, template), options: options(data) };
}

function finalEquityOf(measure: Measure): Run {
  const { seconds, maxRssMiB } = measure;
  if (measure.error) return { seconds, maxRssMiB, problem: measure.error };
  try {
    const { finalEquity } = JSON.parse(measure.stdout) as { finalEquity?: unknown };
    if (typeof finalEquity === 'number' && Number.isFinite(finalEquity)) return { seconds, maxRssMiB, equity: finalEquity };
    return { seconds, maxRssMiB, problem: `the JSON output has no finite finalEquity (${JSON.stringify(finalEquity)})` };
  } catch (error) {
    return { seconds, maxRssMiB, problem: `the output is not JSON (${(error as Error).message}): ${measure.stdout.slice(0, 200)}` };
  }
}

const autofolio = (c: Case): Run =>
  finalEquityOf(measureNode(CLI, (folder) => ['backtest', '--config', writeBenchConfig(c.template, folder, c.dir, c.symbols), ...c.options]));

const plainLoop = (c: Case): Run => finalEquityOf(measureNode(PLAIN_LOOP, () => [c.dir]));

const repeat = (run: () => Run): Run[] => Array.from({ length: RUNS }, run);

function cold(c: Case): Run[] {
  rmSync(join(c.dir, DEFAULT_CACHE_FOLDER), { recursive: true, force: true });
  rmSync(USER_CACHE, { recursive: true, force: true });
  return [autofolio(c)];
}

function warm(c: Case): Run[] {
  // A run outside the figures writes the cache when no cold run has.
  if (!existsSync(join(c.dir, DEFAULT_CACHE_FOLDER))) autofolio(c);
  return repeat(() => autofolio(c));
}

/** The plain loop and autofolio warm in turn, PAIRS times: the runs of each, pair by pair. */
function warmInPairs(c: Case): { plain: Run[]; warm: Run[] } {
  if (!existsSync(join(c.dir, DEFAULT_CACHE_FOLDER))) autofolio(c);
  const plain: Run[] = [];
  const warm: Run[] = [];
  for (let i = 0; i < PAIRS; i++) {
    plain.push(plainLoop(c));
    warm.push(autofolio(c));
  }
  return { plain, warm };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const relativeDifference = (value: number, expected: number): number => Math.abs(value - expected) / Math.abs(expected);
const failed = (row: Row): boolean => row.runs.some((r) => r.problem !== undefined);
const seconds = (row: Row): number => median(row.runs.map((r) => r.seconds));

/** The row's time over its baseline's: the median of the pairs' ratios when the runs were made in turn, else the ratio of the medians. */
function timeRatio(row: Row, baseline: Row): number {
  if (!row.paired) return seconds(row) / seconds(baseline);
  return median(row.runs.map((run, i) => run.seconds / baseline.runs[i]!.seconds));
}

function cells(row: Row): string[] {
  const equity = row.runs.find((r) => r.equity !== undefined)?.equity;
  const rss = failed(row) ? Number.NaN : Math.max(...row.runs.map((r) => r.maxRssMiB));
  const ratio = row.baseline && !failed(row) && !failed(row.baseline) ? `${timeRatio(row, row.baseline).toFixed(2)}×` : '–';
  const time = failed(row) ? ['failed', '–'] : [seconds(row).toFixed(3), count(Math.round((row.symbols * row.bars) / seconds(row)))];
  return [row.name, row.label, ...time, Number.isNaN(rss) ? '–' : rss.toFixed(0), equity === undefined ? '–' : equity.toFixed(2), ratio, row.target ?? ''];
}

/** The lines that say whether a row's runs agree with the expected final equity; false when one does not. */
function checkEquity(row: Row, expected: number | undefined, expectedName: string, lines: string[]): boolean {
  const which = (runs: readonly number[]): string => {
    if (row.runs.length === 1) return `${row.name} ${row.label}`;
    return `${row.name} ${row.label} (${runs.length === row.runs.length ? `all ${runs.length} runs` : `run ${runs.map((i) => i + 1).join(', ')} of ${row.runs.length}`})`;
  };
  // Runs that fail for the same reason, or end on the same wrong equity, share one line: a
  // deterministic backtest goes wrong the same way every time.
  const failures = new Map<string, number[]>();
  const mismatches = new Map<number, number[]>();
  row.runs.forEach((run, i) => {
    if (run.problem !== undefined) failures.set(run.problem, [...(failures.get(run.problem) ?? []), i]);
    else if (expected !== undefined && !(relativeDifference(run.equity!, expected) <= TOLERANCE)) mismatches.set(run.equity!, [...(mismatches.get(run.equity!) ?? []), i]);
  });
  for (const [problem, runs] of failures) lines.push(`FAILED ${which(runs)}: ${problem}`);
  for (const [equity, runs] of mismatches) {
    lines.push(`MISMATCH ${which(runs)}: final equity ${equity} against ${expectedName} ${expected}, relative difference ${relativeDifference(equity, expected!).toExponential(1)} (tolerance ${TOLERANCE.toExponential(0)})`);
  }
  return failures.size === 0 && mismatches.size === 0;
}

console.log(`autofolio bench: autofolio backtest --config FILE --json on deterministic data, seed ${BENCH_SEED}`);
console.log(machineLine());
console.log(`${calibrationLine()}\n`);

const dailyOptions = ['--rebalance', 'every:21', '--json'];
const daily100 = prepare({ symbols: 100, interval: 'daily', days: 2_520, seed: BENCH_SEED }, 'inverse-vol-backtrader.yaml', () => dailyOptions);
const daily500 = prepare({ symbols: 500, interval: 'daily', days: 2_520, seed: BENCH_SEED }, 'inverse-vol-backtrader.yaml', () => dailyOptions);
const long100 = prepare({ symbols: 100, interval: 'daily', days: 5_000, seed: BENCH_SEED }, 'inverse-vol-backtrader.yaml', () => dailyOptions);
const hourly = prepare({ symbols: 100, interval: 'hourly', days: 252, seed: BENCH_SEED }, 'inverse-vol-sessions.yaml', (data) => ['--rebalance', 'daily', '--from', data.firstDate, '--to', data.lastDate, '--json']);

// What every autofolio run pays before it starts: Node, and loading the CLI with the backtest command.
const startup = median(Array.from({ length: RUNS }, () => measureNode(CLI, () => ['backtest', '--help']).seconds));

const rows: Row[] = [];
const checks: string[] = [];
let allAgree = true;
const row = (c: Case, label: string, runs: readonly Run[], extra: Partial<Row> = {}): Row => {
  const made: Row = { name: c.name, label, runs, symbols: c.symbols.length, bars: c.data.bars, ...extra };
  rows.push(made);
  return made;
};

/** Checks every run of `measured` against `expected`; when all agree, one line says so with the largest difference. */
function checkCase(c: Case, measured: readonly Row[], expected: number | undefined, expectedName: string): void {
  const before = checks.length;
  for (const r of measured) allAgree = checkEquity(r, expected, expectedName, checks) && allAgree;
  if (checks.length > before || expected === undefined) return;
  const worst = Math.max(...measured.flatMap((r) => r.runs.map((run) => relativeDifference(run.equity!, expected))));
  checks.push(`final equity ${c.name}: autofolio ${measured[0]!.runs[0]!.equity}, ${expectedName} ${expected}; largest relative difference over all runs ${worst.toExponential(1)} (tolerance ${TOLERANCE.toExponential(0)})`);
}

/** A daily case: the plain loop, then autofolio cold (if asked) and warm, each run checked against the plain loop's final equity. */
function dailyCase(c: Case, runCold: boolean, targets: { cold?: string; warm?: string } = {}): Row {
  const coldRuns = runCold ? cold(c) : undefined;
  const pairs = warmInPairs(c);
  const baseline = row(c, `plain loop (median of ${PAIRS})`, pairs.plain);
  allAgree = checkEquity(baseline, undefined, '', checks) && allAgree;
  const coldRow = coldRuns ? row(c, 'autofolio cold', coldRuns, { baseline, target: targets.cold }) : undefined;
  const warmRow = row(c, `autofolio warm (median of ${PAIRS})`, pairs.warm, { baseline, paired: true, target: targets.warm });
  checkCase(c, coldRow ? [coldRow, warmRow] : [warmRow], baseline.runs.find((r) => r.equity !== undefined)?.equity, 'plain loop');
  return warmRow;
}

const RSS_TARGET = 'RSS < 300 MiB';
const warm100 = dailyCase(daily100, true);
dailyCase(daily500, true, { cold: `≤ 2.5× plain loop, ${RSS_TARGET}`, warm: `≤ 1.2× plain loop, ${RSS_TARGET}` });
const warmLong = dailyCase(long100, false, { warm: `≤ 2.5× the time of ${daily100.name} warm` });

// Hourly bars run on the exchange's sessions, not backtrader's conventions: there is no plain
// loop to compare with, so its runs are only checked against each other.
const hourlyCold = row(hourly, 'autofolio cold', cold(hourly));
const hourlyWarm = row(hourly, `autofolio warm (median of ${RUNS})`, warm(hourly));
checkCase(hourly, [hourlyCold, hourlyWarm], hourlyCold.runs[0]!.equity, 'cold run');

const head = ['case', 'run', 'wall s', 'bar·symbols/s', 'peak RSS MiB', 'final equity', '× plain loop', 'target'];
for (const line of formatTable(head, rows.map(cells), [0, 1, 7])) console.log(line);
console.log('');
if (!failed(warm100) && !failed(warmLong)) {
  const timeRatio = seconds(warmLong) / seconds(warm100);
  const barRatio = (warmLong.symbols * warmLong.bars) / (warm100.symbols * warm100.bars);
  console.log(`linearity: ${long100.name} warm took ${timeRatio.toFixed(2)}× the time of ${daily100.name} warm for ${barRatio.toFixed(2)}× the bars, ${(timeRatio / barRatio).toFixed(2)}× the time per bar·symbol (target: at most 2.5× the time for twice the bars, 1.25× per bar·symbol)`);
}
for (const line of checks) console.log(line);
console.log(`\ndaily: --rebalance every:21 with bench/configs/inverse-vol-backtrader.yaml (backtrader's conventions); hourly: --rebalance daily --from ${hourly.data.firstDate} --to ${hourly.data.lastDate} with bench/configs/inverse-vol-sessions.yaml (the exchange's sessions)`);
console.log(`cold: the columnar cache (${DEFAULT_CACHE_FOLDER} in the data folder) and the user cache of validated configs (the bench's own AUTOFOLIO_CACHE_DIR) deleted first; warm: both caches present; each autofolio run in a fresh folder`);
console.log(`daily cases: the plain loop and autofolio warm run in turn, ${PAIRS} pairs; their wall times are medians, warm's × plain loop the median of the ${PAIRS} pairs' ratios and cold's its time over the plain loop's median; hourly warm: median of ${RUNS} runs`);
console.log(`startup (autofolio backtest --help, median of ${RUNS}): ${startup.toFixed(3)} s, part of every autofolio figure`);
if (!allAgree) {
  console.log('\nsome runs failed or disagree on the final equity: see the FAILED and MISMATCH lines above');
  process.exitCode = 1;
}
