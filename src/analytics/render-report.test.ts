import { describe, expect, it } from 'vitest';
import { renderReport } from './render-report.js';

function series(n: number): { date: string; value: number }[] {
  const start = Date.UTC(2024, 0, 2);
  let v = 100_000;
  return Array.from({ length: n }, (_, i) => {
    v *= 1 + Math.sin(i / 3) * 0.01;
    return { date: new Date(start + i * 86_400_000).toISOString().slice(0, 10), value: v };
  });
}

describe('renderReport', () => {
  const html = renderReport(
    {
      equity: series(90),
      benchmark: series(95).map((p) => ({ ...p, value: p.value / 1000 })),
      benchmarkName: 'SPY <&>',
      fills: [{ time: '2024-01-03T15:00:00Z', symbol: 'SPY', side: 'BUY', quantity: 10, price: 100.1, commission: 1, currency: 'USD', referencePrice: 100 }],
    },
    { title: 'Test report', generatedAt: '2024-04-01T00:00:00Z' },
  );

  it('is one self-contained page: nothing fetched, no script', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|href=|url\(|@import/i);
  });

  it('draws every chart and the metrics table', () => {
    for (const caption of ['Return since the start', 'Drawdown', 'Rolling volatility', 'Monthly returns', 'Slippage per fill', 'Time-weighted return (TWR)', 'Sharpe ratio', 'Trades']) expect(html).toContain(caption);
    // Return, equity, drawdown, volatility and the slippage histogram; no holdings, so exposure says why it is missing.
    expect((html.match(/<svg /g) ?? []).length).toBe(5);
    expect(html).toContain('No holdings were recorded');
    expect(html).toContain('data-series="SPY &lt;&amp;&gt;"');
    expect(html).toContain('<td style="background:');
    expect(html).toContain('252 periods a year');
  });

  it('escapes names that reach the page', () => {
    expect(html).toContain('SPY &lt;&amp;&gt;');
    expect(html).not.toContain('SPY <&>');
  });

  it('on its first day draws no chart of one point, and says when the charts come', () => {
    const first = renderReport({ equity: series(1), benchmark: series(1), benchmarkName: 'SPY' });
    expect(first).not.toContain('<svg');
    expect(first).toContain('Day one: 2024-01-02');
    expect(first).toContain('start with the second trading day');
    // Nothing to compare yet: the benchmark rows are dashes, not 0 %.
    expect(first).toContain('<tr><th>Benchmark TWR</th><td>–</td></tr>');
    expect(first).toContain('<tr><th>Excess return (TWR − benchmark)</th><td>–</td></tr>');
  });

  it('leaves out a line that has not started, and says when it will', () => {
    const month = renderReport({ equity: series(30) });
    const vol = month.slice(month.indexOf('data-chart="Rolling volatility'));
    expect(vol).toContain('data-series="20 days"');
    expect(vol).not.toContain('data-series="60 days"');
    expect(vol).toContain('The 60-day line starts once there are 61 trading days; the report holds 30.');
  });

  it('writes the last date in full at the end of every line chart', () => {
    const charts = html.split('<figure').filter((f) => f.includes('data-last='));
    expect(charts).toHaveLength(4);
    for (const chart of charts) expect(chart).toContain('class="end-date">2024-03-31</text>');
  });

  it('summarises the trades by symbol and folds the full list', () => {
    const trades = html.slice(html.indexOf('<h2>Trades</h2>'));
    expect(trades).toContain('<th>SPY</th><td>1</td><td>10</td><td>0</td><td>1,001.00</td><td>1.00 USD</td>');
    expect(trades).toMatch(/<details><summary>All fills: 1<\/summary>/);
  });
});
