import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parseBarColumns } from './parse-bars-csv.js';

// A header or a row is a few dozen bytes; a line longer than this is a broken file, which the
// full read then reports with its line number.
const CHUNK_BYTES = 4096;

/**
 * The time of the last row of a bar file, read from its header and its last line only (a small
 * file is read whole), whatever the file's size. Undefined when those do not give it for certain
 * (a line longer than a read, a row that does not parse, a file that cannot be read): the caller
 * then reads the whole file, which names the line of any defect or the reason it cannot be read.
 * The rest of a large file is not checked here. Synchronous: a command that asks has nothing else
 * to do meanwhile, and hundreds of files cost hundreds of round trips to the thread pool otherwise.
 */
export function lastRowTime(file: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const { size } = fstatSync(fd);
    if (size <= 2 * CHUNK_BYTES) {
      const whole = Buffer.alloc(size);
      const columns = parseBarColumns(whole.subarray(0, readSync(fd, whole, 0, size, 0)), file);
      return columns.time[columns.time.length - 1];
    }
    const head = Buffer.alloc(CHUNK_BYTES);
    const tail = Buffer.alloc(CHUNK_BYTES);
    const headText = head.toString('utf8', 0, readSync(fd, head, 0, CHUNK_BYTES, 0));
    const headerEnd = headText.indexOf('\n');
    if (headerEnd < 0) return undefined;
    // The tail may start inside a character or a row: only what follows its first line break is whole.
    const tailText = tail.toString('utf8', 0, readSync(fd, tail, 0, CHUNK_BYTES, size - CHUNK_BYTES)).trimEnd();
    const lastBreak = tailText.lastIndexOf('\n');
    if (lastBreak < 0) return undefined;
    const columns = parseBarColumns(`${headText.slice(0, headerEnd)}\n${tailText.slice(lastBreak + 1)}\n`, file);
    return columns.time[0];
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
