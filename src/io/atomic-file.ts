import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `path` with `data` so that a reader sees either the old file or the whole new one,
 * never a part: the data goes to a temporary file in the same folder (a rename is atomic only
 * within one file system), is flushed to disk, and is renamed over the target; the folder is
 * then flushed so the rename itself survives a power cut. Files hold account data, so they
 * are readable by their owner only unless `mode` says otherwise.
 *
 * Synchronous on purpose: these are small files written at step boundaries, and a
 * synchronous write cannot interleave with another step's I/O.
 */
export function writeFileAtomic(path: string, data: string | Buffer, mode = 0o600): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  // The name needs to be unique, not unpredictable (the folder is the owner's, and 'wx' refuses a
  // file that exists): Math.random tells apart the threads of one process, which share its pid,
  // without loading node:crypto into every command's start.
  const temp = join(folder, `.${basename(path)}.${process.pid}.${Math.floor(Math.random() * 2 ** 48).toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', mode);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  syncFolder(folder);
}

// Some platforms (Windows) cannot open a folder, and the write is complete without it, so a
// failure here is not an error.
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort only, see above.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
