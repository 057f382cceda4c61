import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `path` with `data` so that a reader sees either the old file or the whole new
 * one, never a part: the data goes to a temporary file in the same folder (a rename is
 * atomic only within one file system), is flushed to disk, and is renamed over the target.
 * The folder is then flushed too, so the rename itself survives a power cut. The file is
 * readable by its owner only (mode 0o600): forecasts and orders are private.
 */
export async function writeFileAtomic(path: string, data: string, mode = 0o600): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  // Some platforms (Windows) cannot open or flush a folder; the file itself is already
  // flushed, so this is a best effort for the folder entry only.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* best effort, see above */
  }
}
