import { analyse, type AnalyticsInput } from './compute-metrics.js';
import { describeConventions } from './conventions.js';
import { escapeHtml } from './report/escape-html.js';
import { histogram } from './report/histogram.js';
import { emptyFigure, lineChart } from './report/line-chart.js';
import { tickDigits } from './report/axis-ticks.js';
import { drawdownSeries } from './max-drawdown.js';
import { tradesSection, type FoldedTable } from './report/trades-section.js';
import { observedFills } from './fill-observation.js';
import { fxTable, metricsTable } from './report/metrics-table.js';
import { monthlyHeatMap } from './report/monthly-heat-map.js';
import { ordersSection } from './report/orders-section.js';
import type { OrderSlippage } from './order-slippage.js';

export interface ReportOptions {
  readonly title?: string;
  /** Shown in the header; ISO time. */
  readonly generatedAt?: string;
  /** Free text under the title, e.g. "backtest 2015–2024" or the account id. */
  readonly subtitle?: string;
  /** Sections shown after the metrics, each already HTML (an account's positions against its targets). */
  readonly sections?: readonly { readonly title: string; readonly html: string }[];
  /** An account's orders with their slippage against decision and arrival prices; no section without them (a backtest). */
  readonly orders?: readonly OrderSlippage[];
  /** Lists folded under the trades summary after the fills, e.g. a backtest's orders. */
  readonly folded?: readonly FoldedTable[];
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:920px;color:#1b1f24;padding:0 12px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:15px;margin:18px 0 6px}
.sub{color:#57606a;margin:0 0 12px}figure{margin:18px 0}figcaption{font-weight:600;margin-bottom:4px}
svg{width:100%;height:auto;background:#fafbfc;border:1px solid #e1e4e8;border-radius:4px}svg text{font-size:11px;fill:#57606a}
.grid{stroke:#e1e4e8;stroke-width:1}.grid.zero{stroke:#8c959f}.bar{fill:#4a78c2}.key{font-weight:400;font-size:12px;margin-left:10px}
.key::before{content:"";display:inline-block;width:14px;height:0;border-top:3px solid var(--c);vertical-align:middle;margin-right:4px}.key.dashed::before{border-top-style:dashed}
table{border-collapse:collapse}table.metrics th,table.metrics td{padding:3px 10px;border-bottom:1px solid #eaecef;text-align:left}
table.metrics td{font-variant-numeric:tabular-nums}table.heat td,table.heat th{padding:3px 5px;font-size:12px;text-align:right;border:1px solid #fff}
table.list td{font-size:12px;padding:2px 8px}details{margin:10px 0}summary{cursor:pointer;color:#0969da}
.empty{color:#57606a;font-style:italic;margin:4px 0}.chart-empty{border:1px dashed #d0d7de;border-radius:4px;padding:10px 14px;background:#fafbfc}
.note{color:#57606a;font-size:12px;margin:2px 0}.conv{color:#57606a;font-size:12px}
.start{border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;background:#f6f8fa}
table.orders td{white-space:nowrap}table.orders tr.order td{border-top:1px solid #d0d7de;font-weight:600}table.orders tr.step td{color:#57606a;border-bottom:none}`;

// Colour-blind-safe hues, one per position band (Okabe–Ito, then greys for the rest).
const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000', '#8c959f'];

const TRADING_DAYS = (n: number): string => `${n} trading day${n === 1 ? '' : 's'}`;
const percentAxis = (v: number, ticks: readonly number[]): string => `${(v * 100).toFixed(tickDigits(ticks.map((t) => t * 100)))} %`;
const timesAxis = (v: number, ticks: readonly number[]): string => `${v.toFixed(tickDigits(ticks))}×`;
const moneyAxis = (v: number, ticks: readonly number[]): string => v.toLocaleString('en-US', { minimumFractionDigits: tickDigits(ticks), maximumFractionDigits: tickDigits(ticks) });

/**
 * One self-contained HTML page: inline CSS and server-drawn SVG charts, no script and nothing
 * fetched, so it opens offline and can be mailed. The same function draws live accounts and
 * backtests, from in-memory series, and reads well from the first day (one clear note where
 * charts cannot be drawn yet, never an empty axis) to many years (calendar ticks).
 */
export function renderReport(input: AnalyticsInput, options: ReportOptions = {}): string {
  const a = analyse(input);
  const m = a.metrics;
  const currency = input.baseCurrency ?? 'USD';
  const title = options.title ?? 'autofolio performance report';
  const days = a.dates.length;
  const benchmarkName = m.benchmark?.name ?? input.benchmarkName ?? 'benchmark';
  const cumulative = a.index.map((g) => g - 1);
  const benchmarkCumulative = a.benchmarkIndex?.map((g) => g - 1);
  const notYet = `Drawn from the second trading day; the report holds ${TRADING_DAYS(days)}${days > 0 ? ` (${a.dates[0]})` : ''}.`;
  const growth = lineChart({
    title: 'Return since the start (time-weighted)',
    dates: a.dates,
    series: [{ name: 'portfolio', color: '#1f6feb', values: cumulative }, ...(benchmarkCumulative ? [{ name: benchmarkName, color: '#6e7781', values: benchmarkCumulative, dashed: true }] : [])],
    format: percentAxis,
    includeZero: true,
    emptyText: notYet,
    ...(input.benchmark && !benchmarkCumulative ? { note: `No ${benchmarkName} line: its prices do not cover every date of the report.` } : {}),
  });
  const equity = lineChart({ title: `Equity (${currency})`, dates: a.dates, series: [{ name: 'net liquidation value', color: '#1f6feb', values: a.equity }], format: moneyAxis, emptyText: notYet });
  const drawdown = lineChart({
    title: 'Drawdown',
    dates: a.dates,
    series: [{ name: 'portfolio, below its running peak', color: '#cf222e', values: a.drawdown }, ...(a.benchmarkIndex ? [{ name: benchmarkName, color: '#6e7781', values: drawdownSeries(a.benchmarkIndex), dashed: true }] : [])],
    format: percentAxis,
    fillToZero: true,
    height: 180,
    emptyText: notYet,
  });
  const exposure = a.exposure
    ? lineChart({
        title: 'Exposure and leverage',
        dates: a.dates,
        series: [
          { name: 'gross leverage (Σ|positions| / equity)', color: '#8250df', values: a.exposure.leverage },
          { name: 'net exposure (Σ positions / equity)', color: '#1a7f37', values: a.exposure.net, dashed: true },
        ],
        format: timesAxis,
        includeZero: true,
        height: 180,
        emptyText: notYet,
      })
    : emptyFigure('Exposure and leverage', 'No holdings were recorded with the equity, so exposure cannot be shown.');
  const weights = a.weights
    ? lineChart({
        title: 'Positions (weight of equity)',
        dates: a.dates,
        series: a.weights.names.map((name, k) => ({ name, color: PALETTE[k % PALETTE.length]!, values: a.weights!.values[k]! })),
        format: percentAxis,
        includeZero: true,
        stacked: true,
        emptyText: a.weights.names.length === 0 ? 'No positions held in this period.' : notYet,
      })
    : '';
  const returnDates = a.dates.slice(1);
  const vol = lineChart({
    title: 'Rolling volatility (annualised)',
    dates: returnDates,
    series: [
      { name: '20 days', color: '#bf8700', values: a.rollingVol20 },
      { name: '60 days', color: '#8250df', values: a.rollingVol60 },
    ],
    format: percentAxis,
    includeZero: true,
    height: 180,
    emptyText: `Starts once there are 21 trading days (20 daily returns); the report holds ${TRADING_DAYS(days)}.`,
    ...(a.returns.length >= 20 && a.returns.length < 61 ? { note: `The 60-day line starts once there are 61 trading days; the report holds ${days}.` } : {}),
  });
  const slippage = histogram('Slippage per fill against the planning price (bps, cost positive)', a.slippage.map((s) => s.vsReferenceBps ?? Number.NaN), 'bps', 'No fills with a planning price in this period.');
  const generated = options.generatedAt ? ` · generated ${escapeHtml(options.generatedAt)}` : '';
  const charts = days >= 2 ? `${growth}${equity}${drawdown}${exposure}${weights}${vol}${monthlyHeatMap(a.monthly)}` : startNote(a.dates, a.equity, currency);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1><p class="sub">${escapeHtml(options.subtitle ?? '')}${generated}</p>
<h2>Metrics</h2>${metricsTable(m, currency)}${fxTable(a.fx, currency)}
<p class="conv">Conventions: ${escapeHtml(describeConventions(m.conventions))}. Returns between end-of-day equity points remove deposits and withdrawals dated in the period (a flow counts at the end of its day). Maximum drawdown is measured on the time-weighted index; its duration in calendar days from the peak to the recovery (or to the last date). Money-weighted return is the annual IRR (actual/365). Turnover is Σ|traded value| / 2 / mean equity. Slippage is value-weighted, in basis points, positive when the fill was worse than the price compared with. Alpha is the daily intercept against the benchmark compounded over a year.</p>
${(options.sections ?? []).map((s) => `<h2>${escapeHtml(s.title)}</h2>${s.html}`).join('\n')}
<h2>Charts</h2>${charts}${slippage}
${options.orders ? ordersSection(options.orders, currency) : ''}
${tradesSection(observedFills(input), currency, options.folded)}
</body></html>
`;
}

/** The first day: what there is, and when the charts come, in place of charts of one point. */
function startNote(dates: readonly string[], equity: readonly number[], currency: string): string {
  if (dates.length === 0) return '<div class="start" data-chart="none"><p><b>No equity recorded yet.</b> Charts appear once the account has been valued at the end of two trading days.</p></div>';
  const value = equity[0]!.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `<div class="start" data-chart="none"><p><b>Day one: ${escapeHtml(dates[0]!)}, equity ${value} ${escapeHtml(currency)}.</b></p><p>Return, equity, drawdown and exposure charts start with the second trading day, rolling volatility after 21, the monthly table with the first full day of returns.</p></div>`;
}
