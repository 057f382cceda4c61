import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The page's files, read once at start: the server never reads a path a request names. */
export interface PageAssets {
  indexPage(csrf: string): string;
  loginPage(error: string): string;
  readonly appJs: string;
  readonly appCss: string;
  readonly uplotJs: string;
  readonly uplotCss: string;
}

// The page's files sit in src/web/static; the built server (dist/web) and the sources (src/web)
// are both two folders below the package root, so one relative path finds them from either.
const STATIC = fileURLToPath(new URL('../../src/web/static/', import.meta.url));

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function loadPageAssets(): PageAssets {
  const read = (name: string): string => readFileSync(`${STATIC}${name}`, 'utf8');
  // uPlot is served from the installed package, never from a CDN: the page loads nothing from elsewhere.
  const uplot = createRequire(import.meta.url);
  const index = read('index.html');
  const login = read('login.html');
  return {
    indexPage: (csrf) => index.replaceAll('{{csrf}}', escapeHtml(csrf)),
    loginPage: (error) => login.replace('{{error}}', error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''),
    appJs: read('app.js'),
    appCss: read('app.css'),
    uplotJs: readFileSync(uplot.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    uplotCss: readFileSync(uplot.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
}
