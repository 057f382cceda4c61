import { analyse, type AnalyticsInput } from './compute-metrics.js';
import { describeConventions } from './conventions.js';
import { escapeHtml } from './report/escape-html.js';
import { histogram } from './report/histogram.js';
import { lineChart } from './report/line-chart.js';
import { fxTable, metricsTable } from './report/metrics-table.js';
import { monthlyHeatMap } from './report/monthly-heat-map.js';

export interface ReportOptions {
  readonly title?: string;
  /** Shown in the header; ISO time. */
  readonly generatedAt?: string;
  /** Free text under the title, e.g. "backtest 2015–2024" or the account id. */
  readonly subtitle?: string;
  /** Sections shown after the metrics, each already HTML (an account's positions against its targets). */
  readonly sections?: readonly { readonly title: string; readonly html: string }[];
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:920px;color:#1b1f24;padding:0 12px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:15px;margin:18px 0 6px}
.sub{color:#57606a;margin:0 0 12px}figure{margin:16px 0}figcaption{font-weight:600;margin-bottom:4px}
svg{width:100%;height:auto;background:#fafbfc;border:1px solid #e1e4e8;border-radius:4px}svg text{font-size:11px;fill:#57606a}
.grid{stroke:#e1e4e8;stroke-width:1}.bar{fill:#4a78c2}.key{font-weight:400;font-size:12px;margin-left:10px}
.key::before{content:"";display:inline-block;width:12px;height:3px;background:var(--c);vertical-align:middle;margin-right:4px}
table{border-collapse:collapse}table.metrics th,table.metrics td{padding:3px 10px;border-bottom:1px solid #eaecef;text-align:left}
table.metrics td{font-variant-numeric:tabular-nums}table.heat td,table.heat th{padding:3px 5px;font-size:12px;text-align:right;border:1px solid #fff}
.empty{color:#57606a;font-style:italic}.conv{color:#57606a;font-size:12px}`;

/**
 * One self-contained HTML page: inline CSS and server-drawn SVG charts, no script and nothing
 * fetched, so it opens offline and can be mailed. The same function draws live accounts and
 * backtests, from in-memory series.
 */
export function renderReport(input: AnalyticsInput, options: ReportOptions = {}): string {
  const a = analyse(input);
  const m = a.metrics;
  const currency = input.baseCurrency ?? 'USD';
  const title = options.title ?? 'autofolio performance report';
  const pct = (v: number): string => `${(v * 100).toFixed(1)} %`;
  const returnLabels = a.dates.slice(1);
  const growth = lineChart({
    title: 'Growth of 1 (time-weighted)',
    labels: a.dates,
    series: [{ name: 'portfolio', color: '#1f6feb', values: a.index }, ...(a.benchmarkIndex ? [{ name: m.benchmark?.name ?? 'benchmark', color: '#8c959f', values: a.benchmarkIndex }] : [])],
    format: (v) => v.toFixed(3),
  });
  const equity = lineChart({ title: `Equity (${currency})`, labels: a.dates, series: [{ name: 'NLV', color: '#1f6feb', values: a.equity }], format: (v) => v.toLocaleString('en-US', { maximumFractionDigits: 0 }) });
  const drawdown = lineChart({ title: 'Drawdown', labels: a.dates, series: [{ name: 'below the running peak', color: '#cf222e', values: a.drawdown }], format: pct, fillToZero: true, height: 180 });
  const vol = lineChart({
    title: 'Rolling volatility (annualised)',
    labels: returnLabels,
    series: [
      { name: '20 days', color: '#bf8700', values: a.rollingVol20 },
      { name: '60 days', color: '#8250df', values: a.rollingVol60 },
    ],
    format: pct,
    height: 180,
  });
  const slippage = histogram('Slippage per fill against the planning price (bps, cost positive)', a.slippage.map((s) => s.vsReferenceBps ?? Number.NaN), 'bps');
  const generated = options.generatedAt ? ` · generated ${escapeHtml(options.generatedAt)}` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1><p class="sub">${escapeHtml(options.subtitle ?? '')}${generated}</p>
<h2>Metrics</h2>${metricsTable(m, currency)}${fxTable(a.fx, currency)}
<p class="conv">Conventions: ${escapeHtml(describeConventions(m.conventions))}. Returns between end-of-day equity points remove deposits and withdrawals dated in the period (a flow counts at the end of its day). Maximum drawdown is measured on the time-weighted index; its duration in calendar days from the peak to the recovery (or to the last date). Money-weighted return is the annual IRR (actual/365). Turnover is Σ|traded value| / 2 / mean equity. Slippage is value-weighted, in basis points, positive when the fill was worse than the price compared with.</p>
${(options.sections ?? []).map((s) => `<h2>${escapeHtml(s.title)}</h2>${s.html}`).join('\n')}
<h2>Charts</h2>${growth}${equity}${drawdown}${vol}${monthlyHeatMap(a.monthly)}${slippage}
</body></html>
`;
}
