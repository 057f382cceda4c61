import { constants } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { ForecastError } from './forecast-error.js';

/**
 * Largest forecast file read, in bytes: a weight per symbol for a hundred thousand symbols
 * takes under 10 MiB, so a bigger file is a broken writer, and reading it would only cost memory.
 */
export const MAX_FORECAST_FILE_BYTES = 16 * 1024 * 1024;

/**
 * The text of the forecast file at `path`, refusing anything that is not a regular file.
 *
 * A FIFO, a socket or a device would block the run on open or read (a FIFO waits for a writer
 * for ever), so the file is opened without blocking and checked with fstat before a byte is
 * read. A symbolic link is followed only when its target lies inside `folder` (the account's
 * state folder): a link elsewhere could make the run read, and quote in its errors, any file
 * the user can read, and a model writes its forecast into the state folder anyway.
 */
export async function readForecastText(path: string, folder: string | undefined): Promise<string> {
  try {
    if (folder !== undefined && (await lstat(path)).isSymbolicLink()) {
      const target = await realpath(path);
      const inside = relative(await realpath(folder), target);
      if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
        throw new ForecastError(`a symbolic link to a file outside the state folder ${folder}: write the forecast into the state folder (or link to a file inside it)`, path);
      }
    }
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new ForecastError(`not a regular file (${kindOf(stat)}): the forecast must be a file that the model writes and renames into place`, path);
      if (stat.size > MAX_FORECAST_FILE_BYTES) {
        throw new ForecastError(`${stat.size} bytes, above the limit of ${MAX_FORECAST_FILE_BYTES} for a forecast file: is the writer broken?`, path);
      }
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof ForecastError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ForecastError(code === 'ENOENT' ? 'missing: no strategy or model wrote a forecast' : `cannot read: ${(error as Error).message}`, path);
  }
}

function kindOf(stat: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a file';
}
