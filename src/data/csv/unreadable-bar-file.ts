import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { MarketDataError } from '../market-data.js';

/**
 * The error for a bar file that cannot be read, naming the real cause: a data folder that does
 * not exist (a wrong dataDir: every symbol's file is "missing" then, and the fix is the path, not
 * the symbols), a missing file, or what the system said.
 */
export function unreadableBarFile(file: string, error: unknown): MarketDataError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    const folder = dirname(file);
    if (!existsSync(folder)) return new MarketDataError('the data folder does not exist: check dataDir in the config (a path relative to the config file)', folder);
    return new MarketDataError('missing file: add it or remove the symbol from the config', file);
  }
  return new MarketDataError(`cannot read: ${error instanceof Error ? error.message : String(error)}`, file);
}
