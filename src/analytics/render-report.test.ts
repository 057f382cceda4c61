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
    for (const caption of ['Growth of 1', 'Drawdown', 'Rolling volatility', 'Monthly returns', 'Slippage per fill', 'Time-weighted return (TWR)', 'Sharpe ratio']) expect(html).toContain(caption);
    expect((html.match(/<svg /g) ?? []).length).toBe(5);
    expect(html).toContain('<td style="background:');
    expect(html).toContain('252 periods a year');
  });

  it('escapes names that reach the page', () => {
    expect(html).toContain('SPY &lt;&amp;&gt;');
    expect(html).not.toContain('SPY <&>');
  });

  it('says so where there is not enough data rather than drawing an empty chart', () => {
    const empty = renderReport({ equity: series(1) });
    expect(empty).toContain('Not enough data yet.');
  });
});
