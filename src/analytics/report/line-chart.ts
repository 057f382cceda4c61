import { escapeHtml } from './escape-html.js';

export interface LineSeries {
  readonly name: string;
  readonly color: string;
  /** One value per x label; NaN leaves a gap. */
  readonly values: readonly number[];
}

export interface LineChartOptions {
  readonly title: string;
  readonly labels: readonly string[];
  readonly series: readonly LineSeries[];
  readonly format: (value: number) => string;
  /** Shade the area between the line and zero (drawdown). */
  readonly fillToZero?: boolean;
  readonly width?: number;
  readonly height?: number;
}

const PAD = { left: 64, right: 16, top: 28, bottom: 28 };

/** A line chart as inline SVG: no script, no external file, so the report works offline. */
export function lineChart(options: LineChartOptions): string {
  const width = options.width ?? 860;
  const height = options.height ?? 240;
  const finite = options.series.flatMap((s) => s.values.filter((v) => Number.isFinite(v)));
  if (finite.length === 0 || options.labels.length === 0) {
    return `<figure><figcaption>${escapeHtml(options.title)}</figcaption><p class="empty">Not enough data yet.</p></figure>`;
  }
  let lo = Math.min(...finite, options.fillToZero ? 0 : Number.POSITIVE_INFINITY);
  let hi = Math.max(...finite, options.fillToZero ? 0 : Number.NEGATIVE_INFINITY);
  if (hi === lo) {
    hi += Math.abs(hi) * 0.01 || 1;
    lo -= Math.abs(lo) * 0.01 || 1;
  }
  const n = options.labels.length;
  const x = (i: number): number => PAD.left + (n === 1 ? 0 : (i / (n - 1)) * (width - PAD.left - PAD.right));
  const y = (v: number): number => PAD.top + ((hi - v) / (hi - lo)) * (height - PAD.top - PAD.bottom);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => lo + t * (hi - lo));
  const grid = ticks
    .map((v) => `<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/><text x="${PAD.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${escapeHtml(options.format(v))}</text>`)
    .join('');
  const xLabels = [0, Math.floor((n - 1) / 2), n - 1]
    .filter((i, k, all) => all.indexOf(i) === k)
    .map((i) => `<text x="${x(i).toFixed(1)}" y="${height - 8}" text-anchor="middle">${escapeHtml(options.labels[i]!)}</text>`)
    .join('');
  const paths = options.series
    .map((s) => {
      let d = '';
      let pen = false;
      s.values.forEach((v, i) => {
        if (!Number.isFinite(v)) {
          pen = false;
          return;
        }
        d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
        pen = true;
      });
      const area = options.fillToZero && d ? `<path d="${d}L${x(n - 1).toFixed(1)},${y(0).toFixed(1)}L${x(0).toFixed(1)},${y(0).toFixed(1)}Z" fill="${s.color}" fill-opacity="0.2" stroke="none"/>` : '';
      return `${area}<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.6"><title>${escapeHtml(s.name)}</title></path>`;
    })
    .join('');
  const legend = options.series.map((s) => `<span class="key" style="--c:${s.color}">${escapeHtml(s.name)}</span>`).join(' ');
  return `<figure><figcaption>${escapeHtml(options.title)} ${legend}</figcaption><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(options.title)}">${grid}${xLabels}${paths}</svg></figure>`;
}
