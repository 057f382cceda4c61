import { open, rename, rm } from 'node:fs/promises';

/**
 * Writes `text` to a temporary file beside `file`, flushes it to disk and renames it over
 * `file`: a reader sees the old file or the new one, never half of one, and a failure (a full
 * disk, a kill) leaves the old file as it was.
 */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
