import type { MonthlyReturn } from '../monthly-returns.js';
import { escapeHtml, percent } from './escape-html.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Green for gains, red for losses, stronger with size; ±5 % a month is full strength. */
function color(r: number): string {
  const strength = Math.min(1, Math.abs(r) / 0.05);
  const alpha = (0.12 + 0.6 * strength).toFixed(2);
  return r >= 0 ? `rgba(22,140,70,${alpha})` : `rgba(200,40,40,${alpha})`;
}

/** Monthly returns as a year × month table with coloured cells, and the year's chain-linked total. */
export function monthlyHeatMap(monthly: readonly MonthlyReturn[]): string {
  if (monthly.length === 0) return '<figure><figcaption>Monthly returns</figcaption><p class="empty">Not enough data yet.</p></figure>';
  const byYear = new Map<string, Map<number, number>>();
  for (const m of monthly) {
    const year = m.month.slice(0, 4);
    const row = byYear.get(year) ?? new Map<number, number>();
    row.set(Number(m.month.slice(5, 7)) - 1, m.return);
    byYear.set(year, row);
  }
  const head = `<tr><th>Year</th>${MONTHS.map((m) => `<th>${m}</th>`).join('')}<th>Year</th></tr>`;
  const rows = [...byYear.entries()]
    .map(([year, row]) => {
      const cells = MONTHS.map((_, i) => {
        const r = row.get(i);
        return r === undefined ? '<td></td>' : `<td style="background:${color(r)}">${percent(r, 1)}</td>`;
      }).join('');
      const total = [...row.values()].reduce((g, r) => g * (1 + r), 1) - 1;
      return `<tr><th>${escapeHtml(year)}</th>${cells}<td style="background:${color(total)}"><b>${percent(total, 1)}</b></td></tr>`;
    })
    .join('');
  return `<figure><figcaption>Monthly returns (time-weighted)</figcaption><table class="heat">${head}${rows}</table></figure>`;
}
