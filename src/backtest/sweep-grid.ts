import type { Metrics } from '../analytics/compute-metrics.js';

/** One `--sweep name=v1,v2,…` option. */
export interface SweepAxis {
  readonly name: string;
  readonly values: readonly number[];
}

export type Combination = Readonly<Record<string, number>>;

export class SweepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepError';
  }
}

export function parseSweepAxis(text: string, known: readonly string[]): SweepAxis {
  const match = /^([A-Za-z]+)=(.+)$/.exec(text);
  if (!match) throw new SweepError(`--sweep ${JSON.stringify(text)}: write name=value,value,… e.g. lookback=20,60,120`);
  const name = match[1]!;
  if (!known.includes(name)) throw new SweepError(`--sweep ${name}: unknown parameter; this mode sweeps ${known.join(', ')}`);
  const values = match[2]!.split(',').map((v) => Number(v.trim()));
  if (values.some((v) => !Number.isFinite(v)) || new Set(values).size !== values.length) throw new SweepError(`--sweep ${name}: values must be distinct numbers, got ${match[2]}`);
  return { name, values };
}

/** Every combination of the axes, the first axis varying slowest. */
export function combinations(axes: readonly SweepAxis[]): Combination[] {
  const names = new Set<string>();
  for (const axis of axes) {
    if (names.has(axis.name)) throw new SweepError(`--sweep ${axis.name} is given twice: list all its values in one option`);
    names.add(axis.name);
  }
  return axes.reduce<Combination[]>((done, axis) => done.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.name]: v }))), [{}]);
}

/** Metrics a sweep can be sorted by; the first group is better when higher, the second when lower. */
const HIGHER_IS_BETTER = ['twr', 'cagr', 'sharpe', 'sortino', 'calmar', 'maxDrawdown', 'finalEquity'] as const;
const LOWER_IS_BETTER = ['volatility', 'maxDrawdownDays', 'turnover', 'commissions'] as const;
export const SORT_KEYS: readonly string[] = [...HIGHER_IS_BETTER, ...LOWER_IS_BETTER];

export interface SweepRow {
  readonly params: Combination;
  readonly metrics: Metrics;
  readonly finalEquity: number;
  readonly orders: number;
  readonly fills: number;
  readonly error?: string;
}

function sortValue(row: SweepRow, key: string): number | null {
  if (row.error) return null;
  const value = key === 'finalEquity' ? row.finalEquity : (row.metrics as unknown as Record<string, unknown>)[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Best first by `key`; rows without a value (an error, an undefined metric) go last. */
export function sortRows(rows: readonly SweepRow[], key: string): SweepRow[] {
  if (!SORT_KEYS.includes(key)) throw new SweepError(`--sort-by ${key}: choose one of ${SORT_KEYS.join(', ')}`);
  const sign = (LOWER_IS_BETTER as readonly string[]).includes(key) ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    return sign * (x - y);
  });
}

/** A plain text table: the parameters, then the headline metrics. */
export function formatSweepTable(rows: readonly SweepRow[], axes: readonly string[]): string[] {
  const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(2)}%`);
  const num = (v: number | null): string => (v === null ? '–' : v.toFixed(2));
  const head = [...axes, 'twr', 'cagr', 'vol', 'sharpe', 'sortino', 'maxDD', 'final equity', 'fills'];
  const body = rows.map((r) =>
    r.error
      ? [...axes.map((a) => String(r.params[a])), `error: ${r.error}`]
      : [...axes.map((a) => String(r.params[a])), pct(r.metrics.twr), pct(r.metrics.cagr), pct(r.metrics.volatility), num(r.metrics.sharpe), num(r.metrics.sortino), pct(r.metrics.maxDrawdown), r.finalEquity.toFixed(2), String(r.fills)],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => (i < row.length && !(row[i] ?? '').startsWith('error') ? (row[i] ?? '').length : 0))));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)];
}
