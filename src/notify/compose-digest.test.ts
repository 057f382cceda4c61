import { describe, expect, it } from 'vitest';
import { composeDigest, type DigestSources } from './compose-digest.js';
import { sampleSnapshot } from './test-fixtures.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 10, 14, 20, 35);
const snapshot = sampleSnapshot({ time: NOW });

function sources(history: number): DigestSources & { asked: number[][] } {
  const asked: number[][] = [];
  return {
    asked,
    snapshotsBetween: async (from, to) => {
      asked.push([from, to]);
      return Array.from({ length: history }, (_, i) => sampleSnapshot({ runId: `r-${i}`, time: NOW - (history - i) * HOUR, nlv: 1_200_000 + i }));
    },
    fillsBetween: async () => [...snapshot.trades],
    referencePrices: async (tags: readonly string[]) => tags.map(() => undefined),
    fillsOfOrders: async () => [...snapshot.trades],
    orderVersions: async () => [],
    sentQuotes: async () => [],
    rates: async () => [],
  };
}

const base = { snapshot, label: 'session end', killSwitch: { halted: false }, dayStart: NOW - 7 * HOUR, now: NOW, chartDays: 30 } as const;

describe('composeDigest', () => {
  it('charts the snapshots of the last chartDays days plus the current one', async () => {
    const svgs: string[] = [];
    const src = sources(5);
    const notice = await composeDigest(src, { ...base, render: async (svg) => (svgs.push(svg), Buffer.from('png')) });
    expect(src.asked).toEqual([[NOW - 30 * 24 * HOUR, NOW + 1]]);
    expect(svgs[0]).toContain('6 snapshots');
    expect(notice.images?.[0]?.content.toString()).toBe('png');
    expect(notice.text).toMatch(/Equity curve\s+1,200,000\.00 → 1,234,567\.89 USD \(\+2\.88%\) over 6 snapshots since 2025-11-14 15:35 UTC/);
  });

  it('shows the benchmark\'s change over the span of the equity curve', async () => {
    const asked: number[] = [];
    const priceAt = async (time: number): Promise<number | undefined> => (asked.push(time), time === NOW ? 505 : 500);
    const notice = await composeDigest(sources(5), { ...base, benchmark: { name: 'SPY', priceAt }, render: async () => Buffer.from('png') });
    expect(asked).toEqual([NOW - 5 * HOUR, NOW]);
    expect(notice.text).toMatch(/over 6 snapshots since 2025-11-14 15:35 UTC; SPY \+1\.00% over the same time/);
    const missing = await composeDigest(sources(5), { ...base, benchmark: { name: 'SPY', priceAt: async () => undefined }, render: async () => Buffer.from('png') });
    expect(missing.text).toContain('SPY: no price for the whole span');
  });

  it('sends the digest without a chart, and says why, when rendering fails', async () => {
    const notice = await composeDigest(sources(5), { ...base, render: async () => Promise.reject(new Error('no renderer for this platform')) });
    expect(notice.images).toBeUndefined();
    expect(notice.text).toContain('(no chart: no renderer for this platform)');
    expect(notice.text).toContain('Positions (3)');
  });

  it('draws no chart from a single snapshot', async () => {
    const notice = await composeDigest(sources(0), { ...base, render: async () => Buffer.from('never') });
    expect(notice.images).toBeUndefined();
    expect(notice.text).toMatch(/Equity curve\s+the chart starts with the second snapshot/);
  });

  it('reports a tripped daily loss breaker', async () => {
    const losing = sampleSnapshot({ time: NOW, nlv: 94_000, pnlDay: -6_000 });
    const notice = await composeDigest(sources(0), { ...base, snapshot: losing, dailyLossLimitPct: 5 });
    expect(notice.text).toMatch(/Daily loss limit\s+TRIPPED: -6\.00% today, past the -5\.00% limit/);
  });
});
