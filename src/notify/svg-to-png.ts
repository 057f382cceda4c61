/**
 * Renders an SVG to PNG on the server with resvg (a Rust renderer shipped as a prebuilt
 * binary inside its npm package): e-mail clients run no scripts and many block SVG, but all
 * show an inline PNG. `scale` 2 keeps lines sharp on high-density screens.
 *
 * The renderer is loaded on first use, not at import, so that a platform without a prebuilt
 * binary still runs every command; the digest then goes without its chart (see compose-digest).
 */
export async function svgToPng(svg: string, options: { scale?: number } = {}): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const width = Number(/<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? 640);
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(width * (options.scale ?? 2)) },
    // Text needs a font; the system's fonts are used, and a machine without any still gets the curve.
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return renderer.render().asPng();
}
