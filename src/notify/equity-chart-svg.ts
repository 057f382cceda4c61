/** One point of the equity curve: a snapshot's time and NLV. */
export interface EquityPoint {
  readonly time: number;
  readonly nlv: number;
}

export interface EquityChartOptions {
  readonly currency: string;
  /** The trading date of a time, so that day boundaries fall where the exchange's days do. */
  readonly dayOf?: (time: number) => string;
  /** The values before the last include the deposits and withdrawals made since: say so in the title. */
  readonly adjustedForFlows?: boolean;
  readonly width?: number;
  readonly height?: number;
}

const FONT = "DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif";
const MARGIN = { left: 70, right: 18, top: 30, bottom: 26 };
// Made on the first chart, not when the module loads: every run and backtest loads this module,
// and the first Intl object of a process costs 20 ms or more of ICU data.
let compactFormat: Intl.NumberFormat | undefined;
const compact = (n: number): string => (compactFormat ??= new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 5 })).format(n);

/**
 * The equity curve as a self-contained SVG (no scripts, no external fonts or images), for
 * rendering to PNG on the server. Snapshots are spaced evenly rather than by clock time, so
 * nights and weekends do not show as long flat lines; thin lines mark the start of each day.
 */
export function equityChartSvg(points: readonly EquityPoint[], options: EquityChartOptions): string {
  if (points.length < 2) throw new RangeError('an equity curve needs at least two snapshots');
  const width = options.width ?? 640;
  const height = options.height ?? 240;
  const dayOf = options.dayOf ?? ((t: number) => new Date(t).toISOString().slice(0, 10));
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const values = points.map((p) => p.nlv).filter(Number.isFinite);
  const ticks = niceTicks(Math.min(...values), Math.max(...values));
  const lo = ticks[0]!;
  const hi = ticks[ticks.length - 1]!;
  const x = (i: number): number => MARGIN.left + (plotW * i) / (points.length - 1);
  const y = (v: number): number => MARGIN.top + plotH - ((v - lo) / (hi - lo)) * plotH;
  const fmt = (n: number): string => n.toFixed(1);

  const grid = ticks
    .map((t) => `<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${fmt(y(t))}" y2="${fmt(y(t))}" stroke="#e3e3e3"/>` + `<text x="${MARGIN.left - 6}" y="${fmt(y(t) + 4)}" text-anchor="end" font-size="11" fill="#555">${escapeXml(compact(t))}</text>`)
    .join('\n');

  // The first snapshot of each day gets a boundary line and, space permitting, a date label.
  const starts = points.map((p, i) => ({ i, day: dayOf(p.time) })).filter((d, k, all) => k === 0 || d.day !== all[k - 1]!.day);
  const every = Math.max(1, Math.ceil(starts.length / Math.max(1, Math.floor(plotW / 60))));
  const days = starts
    .map((d, k) => {
      const line = d.i > 0 ? `<line x1="${fmt(x(d.i))}" x2="${fmt(x(d.i))}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#efefef"/>` : '';
      const label = k % every === 0 ? `<text x="${fmt(x(d.i))}" y="${height - 8}" font-size="11" fill="#555">${escapeXml(d.day.slice(5))}</text>` : '';
      return line + label;
    })
    .join('\n');

  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${fmt(x(i))},${fmt(y(Number.isFinite(p.nlv) ? p.nlv : lo))}`).join(' ');
  const area = `${path} L${fmt(x(points.length - 1))},${MARGIN.top + plotH} L${fmt(x(0))},${MARGIN.top + plotH} Z`;
  const first = points[0]!.nlv;
  const last = points[points.length - 1]!.nlv;
  const colour = last >= first ? '#1a7f37' : '#cf222e';
  const change = first > 0 ? ` ${last >= first ? '+' : ''}${(((last - first) / first) * 100).toFixed(2)}%` : '';
  const title = options.adjustedForFlows ? `NLV (${options.currency}) adjusted for deposits and withdrawals, ${points.length} snapshots${change}` : `Net liquidation value (${options.currency}), ${points.length} snapshots${change}`;

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="18" font-size="13" font-weight="bold" fill="#1a1a1a">${escapeXml(title)}</text>`,
    grid,
    days,
    `<path d="${area}" fill="${colour}" fill-opacity="0.10" stroke="none"/>`,
    `<path d="${path}" fill="none" stroke="${colour}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`,
    `<circle cx="${fmt(x(points.length - 1))}" cy="${fmt(y(last))}" r="3.5" fill="${colour}"/>`,
    '</svg>',
  ].join('\n');
}

/**
 * Three to six round axis values (steps of 1, 2, 2.5 or 5 × 10^k) that enclose [min, max].
 * A flat curve gets a band of ±0.5% around its value (±1 around zero), so that it is drawn
 * mid-height.
 */
export function niceTicks(min: number, max: number): number[] {
  let lo = min;
  let hi = max;
  // A span below a billionth is flat for money, and too small for a power-of-ten step.
  if (!(hi - lo > Math.max(Math.abs(lo) * 1e-9, 1e-9))) {
    const pad = Math.abs(lo) * 0.005 > 1e-6 ? Math.abs(lo) * 0.005 : 1;
    lo -= pad;
    hi += pad;
  }
  const rough = (hi - lo) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  // The division can underflow to zero for a value next to zero, hence the corrections.
  let first = Math.floor(lo / step);
  if (first * step > lo) first -= 1;
  let last = Math.ceil(hi / step);
  if (last * step < hi) last += 1;
  // Multiples of the step, rounded to its precision so that 0.1 + 0.2 style drift never
  // shows in a label.
  const digits = Math.min(100, Math.max(0, -Math.floor(Math.log10(step)) + 2));
  return Array.from({ length: last - first + 1 }, (_, k) => Number(((first + k) * step).toFixed(digits)));
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
