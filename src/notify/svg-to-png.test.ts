import { describe, expect, it } from 'vitest';
import { pngHeader } from '../../test/png-header.js';
import { equityChartSvg } from './equity-chart-svg.js';
import { svgToPng } from './svg-to-png.js';

describe('svgToPng', () => {
  it('renders the equity chart to a PNG twice the SVG size', async () => {
    const points = Array.from({ length: 30 }, (_, i) => ({ time: Date.UTC(2025, 10, 3) + i * 3_600_000 * 5, nlv: 1_000_000 + Math.sin(i / 3) * 8_000 + i * 300 }));
    const png = await svgToPng(equityChartSvg(points, { currency: 'USD' }));
    expect(pngHeader(png)).toMatchObject({ width: 1280, height: 480 });
    // A blank or near-blank image compresses to a few hundred bytes; a drawn curve with text does not.
    expect(png.length).toBeGreaterThan(8_000);
  });

  it('rejects text that is not SVG', async () => {
    await expect(svgToPng('not an image')).rejects.toThrow();
  });
});
