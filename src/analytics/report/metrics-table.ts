import type { Metrics } from '../compute-metrics.js';
import type { FxEffect } from '../fx-effect.js';
import { decimal, escapeHtml, percent } from './escape-html.js';

function money(value: number | null, currency: string): string {
  return value === null || !Number.isFinite(value) ? '–' : `${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${escapeHtml(currency)}`;
}

/** The total in the base currency, then what was charged in each currency when that is not the base alone. */
function commissionsCell(m: Metrics, currency: string): string {
  const charged = Object.entries(m.commissionsByCurrency);
  if (charged.length === 0 || (charged.length === 1 && charged[0]![0] === currency)) return money(m.commissions, currency);
  return `${money(m.commissions, currency)} (${charged.map(([c, amount]) => money(amount, c)).join(' + ')}, each at its fill's rate)`;
}

function rows(pairs: readonly [string, string][]): string {
  return pairs.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${v}</td></tr>`).join('');
}

/** The metrics table: returns, risk, trading costs, FX, and the benchmark where there is one. */
export function metricsTable(m: Metrics, currency: string): string {
  const b = m.benchmark;
  const main = rows([
    ['Period', `${escapeHtml(m.start ?? '–')} to ${escapeHtml(m.end ?? '–')} (${m.periods} returns)`],
    ['Equity', `${money(m.startEquity, currency)} → ${money(m.endEquity, currency)}`],
    ['Net deposits / withdrawals', money(m.netCashFlows, currency)],
    ['Time-weighted return (TWR)', percent(m.twr)],
    ['CAGR', percent(m.cagr)],
    ['Money-weighted return (IRR, annual)', percent(m.mwr)],
    ['Volatility (annualised)', percent(m.volatility)],
    ['Sharpe ratio', decimal(m.sharpe)],
    ['Sortino ratio', decimal(m.sortino)],
    ['Calmar ratio', decimal(m.calmar)],
    ['Maximum drawdown', percent(m.maxDrawdown)],
    ['Drawdown duration', m.maxDrawdownDays === null ? '–' : `${m.maxDrawdownDays} days${m.maxDrawdownPeak ? ` (peak ${escapeHtml(m.maxDrawdownPeak)}, trough ${escapeHtml(m.maxDrawdownTrough ?? '')}, ${m.maxDrawdownRecovery ? `recovered ${escapeHtml(m.maxDrawdownRecovery)}` : 'not recovered'})` : ''}`],
    ['Turnover (one-way)', percent(m.turnover)],
    ['Commissions', commissionsCell(m, currency)],
    ['Fills', String(m.fills)],
    ['Slippage vs planning price', m.slippageBps === null ? '–' : `${decimal(m.slippageBps)} bps`],
    ['Slippage vs quote when sent', m.slippageVsSentBps === null ? '–' : `${decimal(m.slippageVsSentBps)} bps`],
    ['FX effect on the assets (currency part of return)', percent(m.fxEffect)],
    ['FX P&L of the assets', money(m.fxPnl, currency)],
    ['FX effect of the hedge (foreign cash held or owed)', percent(m.fxHedgeEffect)],
    ['FX P&L of the hedge', money(m.fxHedgePnl, currency)],
  ]);
  const bench = b
    ? `<h3>Against ${escapeHtml(b.name)}</h3><table class="metrics">${rows([
        ['Benchmark TWR', percent(b.twr)],
        ['Benchmark CAGR', percent(b.cagr)],
        ['Benchmark volatility', percent(b.volatility)],
        ['Benchmark maximum drawdown', percent(b.maxDrawdown)],
        ['Excess return (TWR − benchmark)', percent(b.excessReturn)],
        ['Beta', decimal(b.beta)],
        ['Alpha (annualised)', percent(b.alpha)],
        ['Correlation', decimal(b.correlation)],
        ['Tracking error', percent(b.trackingError)],
        ['Information ratio (per period)', decimal(b.informationRatio, 3)],
      ])}</table>`
    : '';
  return `<table class="metrics">${main}</table>${bench}`;
}

/** Each position's return split into its local-currency part and its currency part. */
export function fxTable(fx: FxEffect | undefined, currency: string): string {
  if (!fx || fx.positions.length === 0) return '';
  const body = fx.positions
    .map((p) => `<tr><th>${escapeHtml(p.symbol)}</th><td>${escapeHtml(p.currency)}</td><td>${percent(p.localReturn)}</td><td>${percent(p.currencyReturn)}</td><td>${percent(p.baseReturn)}</td><td>${money(p.localPnlBase, currency)}</td><td>${money(p.currencyPnlBase, currency)}</td></tr>`)
    .join('');
  return `<h3>FX effect by position</h3><table class="metrics wide"><tr><th>Symbol</th><th>Currency</th><th>Local return</th><th>Currency return</th><th>Return in ${escapeHtml(currency)}</th><th>Price P&amp;L</th><th>Currency P&amp;L</th></tr>${body}</table>`;
}
