import { describe, expect, it } from 'vitest';
import { DIGEST_CHART_CID, digestNotice } from './digest-message.js';
import { sampleSnapshot } from './test-fixtures.js';

describe('digestNotice', () => {
  it('puts the account, label, NLV and the day P&L in percent in the subject', () => {
    const notice = digestNotice({ snapshot: sampleSnapshot(), label: 'session end', halted: false });
    expect(notice.kind).toBe('digest');
    // 4,930.50 gained on a start-of-day NLV of 1,229,637.39 is +0.40%.
    expect(notice.subject).toBe('[autofolio] DU1234567 session end: NLV 1,234,567.89 USD (+0.40%)');
  });

  it('shows a losing day with a minus sign and marks a halted account in the subject', () => {
    const snapshot = sampleSnapshot({ nlv: 95_000, pnlDay: -5_000 });
    const notice = digestNotice({ snapshot, label: 'session start', halted: true, haltReason: 'daily loss limit reached' });
    expect(notice.subject).toBe('[autofolio] DU1234567 session start: NLV 95,000.00 USD (-5.00%) HALTED');
    expect(notice.text).toContain('TRADING IS HALTED BY THE KILL SWITCH.');
    expect(notice.text).toMatch(/Kill switch\s+ON: trading is halted \(daily loss limit reached\)/);
  });

  it('reports NLV, P&L, leverage, cash per currency and the kill switch', () => {
    const { text } = digestNotice({ snapshot: sampleSnapshot(), label: 'session middle', halted: false });
    expect(text).toMatch(/Net liquidation value\s+1,234,567\.89 USD/);
    expect(text).toMatch(/P&L today\s+\+4,930\.50 USD \(\+0\.40%\)/);
    expect(text).toMatch(/P&L since start\s+\+234,567\.89 USD \(\+23\.46%\)/);
    expect(text).toMatch(/Gross leverage\s+0\.99x/);
    expect(text).toMatch(/Net leverage\s+0\.99x/);
    expect(text).toMatch(/Kill switch\s+OFF: trading normally\./);
    // The base currency comes first, then the others.
    expect(text).toMatch(/USD\s+12,345\.68\n\s+EUR\s+-1,000\.00/);
  });

  it('lists positions by weight in aligned columns', () => {
    const { text } = digestNotice({ snapshot: sampleSnapshot(), label: 'session end', halted: false });
    const lines = text.split('\n');
    const header = lines.findIndex((line) => line.includes('Market value (USD)'));
    const rows = lines.slice(header + 2, header + 5);
    expect(rows).toEqual([
      '  VTI        2,500   250.125  301.42  USD          753,550.00  61.04%',
      '  IEF        4,800     95.50   96.01  USD          460,848.00  37.33%',
      '  SAP           50    180.00  210.50  EUR           12,190.10   0.99%',
    ]);
  });

  it('lists the trades of the run in time order', () => {
    const { text } = digestNotice({ snapshot: sampleSnapshot(), label: 'session end', halted: false });
    const trades = text.slice(text.indexOf('Trades this run (2)'));
    expect(trades).toMatch(/2025-11-14 15:35:10 UTC\s+BUY\s+120\s+VTI\s+301\.40\s+0\.60\s+USD\n\s+2025-11-14 15:35:20 UTC\s+SELL\s+200\s+IEF\s+96\.02\s+1\.00\s+USD/);
  });

  it('renders the same tables in HTML with inline styles and escaped values', () => {
    const snapshot = sampleSnapshot({ accountId: 'U<9>' });
    const { html } = digestNotice({ snapshot, label: 'session end', halted: false });
    expect(html).toContain('<td style="border-bottom:1px solid #ddd;padding:4px 10px;white-space:nowrap;text-align:left">VTI</td>');
    expect(html).toContain('>753,550.00</td>');
    expect(html).toContain('>61.04%</td>');
    expect(html).toContain('U&lt;9&gt;');
    expect(html).not.toContain('U<9>');
    expect(html).not.toMatch(/<style/i);
  });

  it('shows n/a rather than a nonsense percentage when the day started at zero NLV', () => {
    const snapshot = sampleSnapshot({ nlv: 1_000, pnlDay: 1_000 });
    expect(digestNotice({ snapshot, label: 'session end', halted: false }).subject).toContain('(n/a)');
  });

  it('embeds an equity-curve image by cid when one is given, and none otherwise', () => {
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const withChart = digestNotice({ snapshot: sampleSnapshot(), label: 'session end', halted: false, chartPng: png });
    expect(withChart.images).toEqual([{ cid: DIGEST_CHART_CID, filename: 'equity-curve.png', content: png }]);
    expect(withChart.html).toContain(`src="cid:${DIGEST_CHART_CID}"`);
    const without = digestNotice({ snapshot: sampleSnapshot(), label: 'session end', halted: false });
    expect(without.images).toBeUndefined();
    expect(without.html).not.toContain('cid:');
  });
});

describe('digestNotice with the day’s trades and the breakers', () => {
  const snapshot = sampleSnapshot();
  const [sell, buy] = snapshot.trades;
  const dayTrades = [
    { fill: buy!, referencePrice: 301.25 },
    { fill: sell!, referencePrice: 96.1 },
    { fill: { ...buy!, execId: 'e-0', time: buy!.time - 3_600_000, currency: 'CAD', symbol: 'XIU' } },
  ];

  it('lists every trade of the day with its reference price and slippage in basis points', () => {
    const { text } = digestNotice({ snapshot, label: 'session end', halted: false, dayTrades });
    const section = text.slice(text.indexOf('Trades today (3)'));
    // BUY 120 VTI at 301.40 against 301.25: (301.40 − 301.25) / 301.25 = +5.0 bp paid.
    expect(section).toMatch(/BUY\s+120\s+VTI\s+301\.40\s+301\.25\s+\+5\.0\s+0\.60\s+USD/);
    // SELL 200 IEF at 96.02 against 96.10: 8.3 bp below the reference, a cost too.
    expect(section).toMatch(/SELL\s+200\s+IEF\s+96\.02\s+96\.10\s+\+8\.3\s+1\.00\s+USD/);
    // A fill of an order autofolio has no reference for shows n/a, not a made-up number.
    expect(section).toMatch(/XIU\s+301\.40\s+n\/a\s+n\/a/);
    // 120 × 0.15 + 200 × 0.08 = 18.00 + 16.00 = 34.00 USD.
    expect(section).toContain('Slippage against the reference prices: +34.00 USD (positive = paid).');
  });

  it('shows the breakers and the curve summary next to the kill switch, in both parts', () => {
    const notice = digestNotice({
      snapshot,
      label: 'session middle',
      halted: false,
      breakers: [{ name: 'Daily loss limit', state: 'OK: +0.40% today, trading stops at -5.00%' }],
      chartSummary: '1,200,000.00 → 1,234,567.89 USD over 35 snapshots',
    });
    expect(notice.text).toMatch(/Daily loss limit\s+OK: \+0\.40% today, trading stops at -5\.00%/);
    expect(notice.text).toMatch(/Equity curve\s+1,200,000\.00 → 1,234,567\.89 USD over 35 snapshots/);
    expect(notice.html).toContain('>OK: +0.40% today, trading stops at -5.00%</td>');
  });
});
