import { tickDigits, valueTicks } from './axis-ticks.js';
import { emptyFigure } from './line-chart.js';
import { escapeHtml } from './escape-html.js';

/**
 * A histogram as inline SVG. The bins split the step of round 1-2-5 axis ticks, so every bin
 * edge is a round number and the labelled ticks fall on bin edges.
 */
export function histogram(title: string, values: readonly number[], unit: string, emptyText: string): string {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return emptyFigure(title, emptyText);
  const width = 860;
  const height = 200;
  const pad = { left: 48, right: 20, top: 16, bottom: 28 };
  const ticks = valueTicks(Math.min(...finite), Math.max(...finite), 6);
  const lo = ticks[0]!;
  const hi = ticks[ticks.length - 1]!;
  // A tick step of 1 or 5 × 10^k splits into fifths, of 2 × 10^k into quarters: round bin edges either way.
  const tickStep = ticks[1]! - ticks[0]!;
  const mantissa = Math.round(tickStep / 10 ** Math.floor(Math.log10(tickStep) + 1e-9));
  const step = tickStep / (mantissa === 2 ? 4 : 5);
  const bins = Math.max(1, Math.round((hi - lo) / step));
  const counts = new Array<number>(bins).fill(0);
  for (const v of finite) counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / step)))]! += 1;
  const top = Math.max(...counts);
  const countTicks = valueTicks(0, top, 4).filter((c) => Number.isInteger(c));
  const countMax = countTicks[countTicks.length - 1]!;
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const x = (v: number): number => pad.left + ((v - lo) / (hi - lo)) * plotW;
  const y = (c: number): number => pad.top + plotH - (c / countMax) * plotH;
  const digits = tickDigits(ticks);
  const grid = countTicks.map((c) => `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(c).toFixed(1)}" y2="${y(c).toFixed(1)}" class="grid"/><text x="${pad.left - 6}" y="${(y(c) + 4).toFixed(1)}" text-anchor="end">${c}</text>`).join('');
  const bars = counts
    .map((c, i) => {
      const from = lo + i * step;
      return `<rect x="${(x(from) + 1).toFixed(1)}" y="${y(c).toFixed(1)}" width="${Math.max(0, x(from + step) - x(from) - 2).toFixed(1)}" height="${(pad.top + plotH - y(c)).toFixed(1)}" class="bar"><title>${from.toFixed(digits + 1)} to ${(from + step).toFixed(digits + 1)} ${escapeHtml(unit)}: ${c}</title></rect>`;
    })
    .join('');
  const axis = ticks.map((t) => `<text x="${x(t).toFixed(1)}" y="${height - 8}" text-anchor="${t === lo ? 'start' : t === hi ? 'end' : 'middle'}">${t.toFixed(digits)}${t === hi ? ` ${escapeHtml(unit)}` : ''}</text>`).join('');
  return `<figure data-chart="${escapeHtml(title)}"><figcaption>${escapeHtml(title)} (${finite.length} fills)</figcaption><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}" data-y-min="0" data-y-max="${countMax}">${grid}${bars}${axis}</svg></figure>`;
}
