import { open } from 'node:fs/promises';
import { parseBarColumns } from './parse-bars-csv.js';

// A header or a row is a few dozen bytes; a line longer than this is a broken file, which the
// full read then reports with its line number.
const CHUNK_BYTES = 4096;

/**
 * The time of the last row of a bar file, read from its header and its last line only (two
 * small reads, whatever the file's size). Undefined when those do not give it for certain (a
 * file too small to be worth it, a line longer than a read, a row that does not parse): the
 * caller then reads the whole file, which names the line of any defect. The rest of the file is
 * not checked here.
 */
export async function lastRowTime(file: string): Promise<number | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    if (size <= 2 * CHUNK_BYTES) return undefined;
    const head = Buffer.alloc(CHUNK_BYTES);
    const tail = Buffer.alloc(CHUNK_BYTES);
    const { bytesRead: headBytes } = await handle.read(head, 0, CHUNK_BYTES, 0);
    const { bytesRead: tailBytes } = await handle.read(tail, 0, CHUNK_BYTES, size - CHUNK_BYTES);
    const headText = head.toString('utf8', 0, headBytes);
    const headerEnd = headText.indexOf('\n');
    if (headerEnd < 0) return undefined;
    // The tail may start inside a character or a row: only what follows its first line break is whole.
    const tailText = tail.toString('utf8', 0, tailBytes).trimEnd();
    const lastBreak = tailText.lastIndexOf('\n');
    if (lastBreak < 0) return undefined;
    const columns = parseBarColumns(`${headText.slice(0, headerEnd)}\n${tailText.slice(lastBreak + 1)}\n`, file);
    return columns.time[0];
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
