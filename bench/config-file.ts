import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The instruments line of a template: the bench writes it once per symbol, in place of S000.
const INSTRUMENT_LINE = /^( *- \{ symbol: )S000(, [^}]*\})[ \t]*# one line per file$/m;
const DATA_DIR_LINE = /^dataDir: .*$/m;

/**
 * Writes `<folder>/autofolio.yaml` from a template in bench/configs: its dataDir set to
 * `dataDir` (absolute, so the config can live anywhere) and its instruments line repeated for
 * each of `symbols`. Everything else stays as the template has it. Returns the file's path.
 */
export function writeBenchConfig(template: string, folder: string, dataDir: string, symbols: readonly string[]): string {
  const text = readFileSync(template, 'utf8');
  if (!DATA_DIR_LINE.test(text) || !INSTRUMENT_LINE.test(text)) throw new Error(`${template}: needs a "dataDir:" line and an instruments line ending in "# one line per file"`);
  const config = text
    // A JSON string is a valid YAML double-quoted scalar, whatever characters the path holds.
    .replace(DATA_DIR_LINE, () => `dataDir: ${JSON.stringify(dataDir)}`)
    .replace(INSTRUMENT_LINE, (_line, head: string, tail: string) => symbols.map((symbol) => `${head}${symbol}${tail}`).join('\n'));
  const file = join(folder, 'autofolio.yaml');
  writeFileSync(file, config);
  return file;
}
