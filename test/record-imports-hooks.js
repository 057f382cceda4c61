// The loader hook behind record-imports.js: every resolved import, by URL.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.AUTOFOLIO_TEST_IMPORTS, `${resolved.url}\n`);
  return resolved;
}
