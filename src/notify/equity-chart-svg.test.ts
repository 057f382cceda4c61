import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equityChartSvg, niceTicks } from './equity-chart-svg.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 10, 10, 14, 35);

/** Seven hourly snapshots a day over `days` days. */
function curve(days: number, nlvAt: (i: number) => number): { time: number; nlv: number }[] {
  const points = [];
  for (let d = 0; d < days; d++) for (let h = 0; h < 7; h++) points.push({ time: T0 + d * 24 * HOUR + h * HOUR, nlv: nlvAt(points.length) });
  return points;
}

describe('niceTicks', () => {
  it('picks round steps that enclose the range', () => {
    expect(niceTicks(998_700, 1_004_200)).toEqual([998_000, 1_000_000, 1_002_000, 1_004_000, 1_006_000]);
    expect(niceTicks(0.12, 0.87)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('centres a flat curve in a band around its value', () => {
    const ticks = niceTicks(1_000_000, 1_000_000);
    expect(ticks[0]).toBeLessThan(1_000_000);
    expect(ticks.at(-1)).toBeGreaterThan(1_000_000);
  });

  it('always encloses min and max with three to seven ticks', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e8, noNaN: true }), (min, span) => {
        const ticks = niceTicks(min, min + span);
        expect(ticks[0]).toBeLessThanOrEqual(min);
        expect(ticks.at(-1)).toBeGreaterThanOrEqual(min + span);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(7);
      }),
    );
  });
});

describe('equityChartSvg', () => {
  it('draws one vertex per snapshot, left to right across the plot', () => {
    const points = curve(3, (i) => 1_000_000 + i * 150);
    const svg = equityChartSvg(points, { currency: 'USD' });
    const line = /<path d="([^"]+)" fill="none"/.exec(svg)![1]!;
    const xs = line.split(' ').map((v) => Number(v.slice(1).split(',')[0]));
    expect(xs).toHaveLength(21);
    expect(xs[0]).toBe(70);
    expect(xs.at(-1)).toBe(640 - 18);
    expect(xs.every((x, i) => i === 0 || x > xs[i - 1]!)).toBe(true);
  });

  it('puts a higher NLV higher on the chart and colours a gain green', () => {
    const svg = equityChartSvg([{ time: T0, nlv: 100 }, { time: T0 + HOUR, nlv: 110 }], { currency: 'USD' });
    const [a, b] = /<path d="M[\d.]+,([\d.]+) L[\d.]+,([\d.]+)" fill="none"/.exec(svg)!.slice(1).map(Number);
    expect(b).toBeLessThan(a!);
    expect(svg).toContain('stroke="#1a7f37"');
    expect(svg).toContain('+10.00%');
  });

  it('marks each new day and labels it with its date', () => {
    const svg = equityChartSvg(curve(3, () => 1_000_000), { currency: 'EUR' });
    expect(svg.match(/stroke="#efefef"/g)).toHaveLength(2);
    expect(svg).toContain('>11-10</text>');
    expect(svg).toContain('>11-12</text>');
    expect(svg).toContain('Net liquidation value (EUR)');
  });

  it('refuses a curve of one point', () => {
    expect(() => equityChartSvg([{ time: T0, nlv: 1 }], { currency: 'USD' })).toThrow(RangeError);
  });
});
