import { dateTicks, valueTicks, type DateTick } from './axis-ticks.js';
import { escapeHtml } from './escape-html.js';

export interface LineSeries {
  readonly name: string;
  readonly color: string;
  /** One value per date; NaN leaves a gap. */
  readonly values: readonly number[];
  readonly dashed?: boolean;
}

export interface LineChartOptions {
  readonly title: string;
  /** YYYY-MM-DD, increasing: the x axis is calendar time. */
  readonly dates: readonly string[];
  readonly series: readonly LineSeries[];
  /** A tick label, given the tick value and every tick (to choose the decimals once for the axis). */
  readonly format: (value: number, ticks: readonly number[]) => string;
  /** Shade the area between the first line and zero (drawdown). */
  readonly fillToZero?: boolean;
  /** Keep zero on the axis (returns, drawdown, exposure). */
  readonly includeZero?: boolean;
  /**
   * Stack the series as filled bands (position weights): positive values upwards from zero,
   * negative ones downwards, each band on top of the ones before it.
   */
  readonly stacked?: boolean;
  /** Said instead of a chart while no series has two points to join. */
  readonly emptyText: string;
  /** A note under the chart, e.g. which series has not started yet. */
  readonly note?: string;
  readonly width?: number;
  readonly height?: number;
}

const PAD = { left: 72, right: 20, top: 14, bottom: 26 };
const DAY = 86_400_000;
// At 11 px a digit is about 6.4 units wide, so a full date (YYYY-MM-DD) about 64.
const CHAR_WIDTH = 6.4;
const END_LABEL = 10 * CHAR_WIDTH;

/** A figure that says why there is no chart, instead of axes with nothing on them. */
export function emptyFigure(title: string, text: string): string {
  return `<figure class="chart-empty" data-chart="${escapeHtml(title)}"><figcaption>${escapeHtml(title)}</figcaption><p class="empty">${escapeHtml(text)}</p></figure>`;
}

function finiteCount(values: readonly number[]): number {
  let n = 0;
  for (const v of values) if (Number.isFinite(v)) n++;
  return n;
}

/**
 * A line chart as inline SVG (no script, no external file, so the report works offline): dates
 * on a calendar axis with ticks at day, month or year boundaries and the first and last date in
 * full; values on round 1-2-5 ticks. A series with fewer than two points is left out and, when
 * none has two, the chart is an empty state with `emptyText`.
 */
export function lineChart(options: LineChartOptions): string {
  const width = options.width ?? 860;
  const height = options.height ?? 240;
  const drawn = options.series.filter((s) => finiteCount(s.values) >= 2);
  if (drawn.length === 0 || options.dates.length < 2) return emptyFigure(options.title, options.emptyText);
  const times = options.dates.map((d) => Date.parse(`${d}T00:00:00Z`));
  const first = times[0]!;
  const last = times[times.length - 1]!;
  const bands = options.stacked ? stack(drawn) : undefined;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const values of bands ? bands.flatMap((b) => [b.base, b.top]) : drawn.map((s) => s.values))
    for (const v of values)
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
  if (options.includeZero || options.fillToZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  const plotH = height - PAD.top - PAD.bottom;
  // About one gridline every 30 units of height: 7 on a tall chart, 5 on a short one.
  const ticks = valueTicks(lo, hi, Math.max(4, Math.round(plotH / 30) + 1));
  const yMin = ticks[0]!;
  const yMax = ticks[ticks.length - 1]!;
  const plotW = width - PAD.left - PAD.right;
  const x = (t: number): number => PAD.left + ((t - first) / (last - first)) * plotW;
  const y = (v: number): number => PAD.top + ((yMax - v) / (yMax - yMin)) * plotH;
  const f = (n: number): string => n.toFixed(1);

  const grid = ticks
    .map((v) => `<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${f(y(v))}" y2="${f(y(v))}" class="${v === 0 ? 'grid zero' : 'grid'}"/><text x="${PAD.left - 6}" y="${f(y(v) + 4)}" text-anchor="end">${escapeHtml(options.format(v, ticks))}</text>`)
    .join('');
  // Full dates (64 units wide) every 75 units at most; shorter labels (months, years) closer.
  const maxTicks = Math.max(2, Math.floor(plotW / 75));
  // A tick label is centred on its tick; it must clear the first and last dates written in full
  // at the ends, or only its gridline is drawn.
  const halfWidth = (label: string): number => label.length * CHAR_WIDTH * 0.5 + 12;
  const labelled = (t: DateTick): boolean => x(t.time) - halfWidth(t.label) > x(first) + END_LABEL && x(t.time) + halfWidth(t.label) < x(last) - END_LABEL;
  const xTicks = dateTicks(first, last, maxTicks)
    .map((t) => `<line x1="${f(x(t.time))}" x2="${f(x(t.time))}" y1="${PAD.top}" y2="${PAD.top + plotH}" class="grid"/>${labelled(t) ? `<text x="${f(x(t.time))}" y="${height - 8}" text-anchor="middle">${escapeHtml(t.label)}</text>` : ''}`)
    .join('');
  const ends = `<text x="${PAD.left}" y="${height - 8}" text-anchor="start" class="end-date">${escapeHtml(options.dates[0]!)}</text><text x="${width - PAD.right}" y="${height - 8}" text-anchor="end" class="end-date">${escapeHtml(options.dates[options.dates.length - 1]!)}</text>`;
  const bandPaths = bands
    ? drawn
        .map((s, k) => {
          const { base, top } = bands[k]!;
          let d = '';
          let i = 0;
          while (i < times.length) {
            if (!Number.isFinite(top[i]!)) {
              i++;
              continue;
            }
            let end = i;
            while (end + 1 < times.length && Number.isFinite(top[end + 1]!)) end++;
            const upper: string[] = [];
            const lower: string[] = [];
            for (let j = i; j <= end; j++) {
              upper.push(`${f(x(times[j]!))},${f(y(top[j]!))}`);
              lower.push(`${f(x(times[j]!))},${f(y(base[j]!))}`);
            }
            d += `M${upper.join('L')}L${lower.reverse().join('L')}Z`;
            i = end + 1;
          }
          return `<path d="${d}" fill="${s.color}" fill-opacity="0.8" stroke="none" data-series="${escapeHtml(s.name)}"><title>${escapeHtml(s.name)}</title></path>`;
        })
        .join('')
    : '';
  const paths = bands
    ? bandPaths
    : drawn
    .map((s, k) => {
      let d = '';
      let pen = false;
      s.values.forEach((v, i) => {
        if (!Number.isFinite(v)) {
          pen = false;
          return;
        }
        d += `${pen ? 'L' : 'M'}${f(x(times[i]!))},${f(y(v))}`;
        pen = true;
      });
      const area = options.fillToZero && k === 0 ? `<path d="${d}L${f(x(last))},${f(y(0))}L${f(x(first))},${f(y(0))}Z" fill="${s.color}" fill-opacity="0.18" stroke="none"/>` : '';
      return `${area}<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="5 3"' : ''} data-series="${escapeHtml(s.name)}"><title>${escapeHtml(s.name)}</title></path>`;
    })
    .join('');
  const legend = drawn.map((s) => `<span class="key${s.dashed ? ' dashed' : ''}" style="--c:${s.color}">${escapeHtml(s.name)}</span>`).join(' ');
  const span = Math.round((last - first) / DAY);
  const note = options.note ? `<p class="note">${escapeHtml(options.note)}</p>` : '';
  return `<figure data-chart="${escapeHtml(options.title)}"><figcaption>${escapeHtml(options.title)} ${legend}</figcaption><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(`${options.title}, ${options.dates[0]} to ${options.dates[options.dates.length - 1]} (${span} days)`)}" data-y-min="${yMin}" data-y-max="${yMax}" data-first="${escapeHtml(options.dates[0]!)}" data-last="${escapeHtml(options.dates[options.dates.length - 1]!)}">${grid}${xTicks}${ends}${paths}</svg>${note}</figure>`;
}

/** The bands of stacked series: positive values on the running positive total, negative ones below the running negative total. */
function stack(series: readonly LineSeries[]): { base: number[]; top: number[] }[] {
  const n = series[0]?.values.length ?? 0;
  const up = new Array<number>(n).fill(0);
  const down = new Array<number>(n).fill(0);
  return series.map((s) => {
    const base: number[] = [];
    const top: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = s.values[i]!;
      if (!Number.isFinite(v)) {
        base.push(Number.NaN);
        top.push(Number.NaN);
      } else if (v >= 0) {
        base.push(up[i]!);
        top.push((up[i] = up[i]! + v));
      } else {
        base.push(down[i]!);
        top.push((down[i] = down[i]! + v));
      }
    }
    return { base, top };
  });
}
