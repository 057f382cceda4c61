import { tickDigits, valueTicks } from './axis-ticks.js';
import { escapeHtml } from './escape-html.js';
import { emptyFigure } from './line-chart.js';

export interface DotSeries {
  readonly name: string;
  readonly color: string;
  /** One value per order, in the orders' time order; undefined leaves no dot. */
  readonly values: readonly (number | undefined)[];
  /** Drawn as a ring rather than a disc, so that two series on one spot both show. */
  readonly hollow?: boolean;
}

/**
 * One dot per order and series as inline SVG: orders in time order along the axis (evenly
 * spaced, so a busy hour does not pile up), the figure up the axis on round ticks with zero
 * marked. Each dot names its order on hover.
 */
export function orderDots(title: string, labels: readonly string[], series: readonly DotSeries[], unit: string, emptyText: string): string {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== undefined && Number.isFinite(v)));
  if (all.length === 0) return emptyFigure(title, emptyText);
  const width = 860;
  const height = 220;
  const pad = { left: 56, right: 20, top: 14, bottom: 26 };
  const ticks = valueTicks(Math.min(0, ...all), Math.max(0, ...all), 6);
  const lo = ticks[0]!;
  const hi = ticks[ticks.length - 1]!;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const n = labels.length;
  const x = (i: number): number => pad.left + (n === 1 ? plotW / 2 : 8 + (i / (n - 1)) * (plotW - 16));
  const y = (v: number): number => pad.top + ((hi - v) / (hi - lo || 1)) * plotH;
  const f = (v: number): string => v.toFixed(1);
  const digits = tickDigits(ticks);
  const grid = ticks.map((t) => `<line x1="${pad.left}" x2="${width - pad.right}" y1="${f(y(t))}" y2="${f(y(t))}" class="${t === 0 ? 'grid zero' : 'grid'}"/><text x="${pad.left - 6}" y="${f(y(t) + 4)}" text-anchor="end">${t.toFixed(digits)}</text>`).join('');
  const dots = series
    .map((s) =>
      s.values
        .map((v, i) => (v === undefined || !Number.isFinite(v) ? '' : `<circle cx="${f(x(i))}" cy="${f(y(v))}" r="3.5" ${s.hollow ? `fill="none" stroke="${s.color}" stroke-width="1.5"` : `fill="${s.color}"`} data-series="${escapeHtml(s.name)}"><title>${escapeHtml(`${labels[i]}: ${v.toFixed(1)} ${unit} ${s.name}`)}</title></circle>`))
        .join(''),
    )
    .join('');
  const axis = `<text x="${pad.left}" y="${height - 8}" text-anchor="start">${escapeHtml(labels[0] ?? '')}</text>${n > 1 ? `<text x="${width - pad.right}" y="${height - 8}" text-anchor="end">${escapeHtml(labels[n - 1]!)}</text>` : ''}`;
  const legend = series.map((s) => `<span class="key" style="--c:${s.color}">${escapeHtml(s.name)}</span>`).join(' ');
  return `<figure data-chart="${escapeHtml(title)}"><figcaption>${escapeHtml(title)} ${legend}</figcaption><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(`${title}, ${n} orders`)}" data-y-min="${lo}" data-y-max="${hi}">${grid}${dots}${axis}</svg></figure>`;
}
