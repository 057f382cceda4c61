import { escapeHtml } from './escape-html.js';

/** A histogram of values as inline SVG, with `bins` equal-width bins. */
export function histogram(title: string, values: readonly number[], unit: string, bins = 20): string {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return `<figure><figcaption>${escapeHtml(title)}</figcaption><p class="empty">No fills with a reference price yet.</p></figure>`;
  const width = 860;
  const height = 200;
  const pad = { left: 40, right: 16, top: 16, bottom: 28 };
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const step = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of finite) counts[Math.min(bins - 1, Math.floor((v - lo) / step))]! += 1;
  const top = Math.max(...counts);
  const barWidth = (width - pad.left - pad.right) / bins;
  const bars = counts
    .map((c, i) => {
      const h = (c / top) * (height - pad.top - pad.bottom);
      const from = lo + i * step;
      return `<rect x="${(pad.left + i * barWidth + 1).toFixed(1)}" y="${(height - pad.bottom - h).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${h.toFixed(1)}" class="bar"><title>${from.toFixed(2)} to ${(from + step).toFixed(2)} ${escapeHtml(unit)}: ${c}</title></rect>`;
    })
    .join('');
  const axis = `<text x="${pad.left}" y="${height - 8}">${lo.toFixed(1)} ${escapeHtml(unit)}</text><text x="${width - pad.right}" y="${height - 8}" text-anchor="end">${hi.toFixed(1)} ${escapeHtml(unit)}</text><text x="${pad.left - 6}" y="${pad.top + 8}" text-anchor="end">${top}</text>`;
  return `<figure><figcaption>${escapeHtml(title)} (${finite.length} fills)</figcaption><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">${bars}${axis}</svg></figure>`;
}
