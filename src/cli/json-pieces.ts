import { Buffer } from 'node:buffer';

// Rows of a long array stringified at a time, and the text gathered before it is handed out:
// tens of kilobytes, so that each piece dies young and is collected cheaply. Pieces of a few
// hundred kilobytes left the 500-symbol backtest of the bench 30 MiB larger at its peak.
const ROWS_AT_A_TIME = 200;

const COMMA = 0x2c;
// Room for a group of a couple of hundred rows of orders or fills at three bytes a character; grown when a group needs more.
const BYTES_AT_FIRST = 128 * 1024;

/**
 * The text of `JSON.stringify(value)` for an object, in pieces: a long array among its values
 * is stringified a couple of hundred rows at a time, so that a caller writing the pieces as they
 * come never holds the whole text. A backtest's orders and fills make tens of megabytes of
 * JSON, which as one string (and again as the buffer written) would be held at the moment the
 * process is largest. Joined (as UTF-8), the pieces are exactly JSON.stringify's text.
 *
 * The rows of a long array come as UTF-8 bytes, each group's own text encoded once: the text
 * JSON.stringify returns for a couple of hundred rows is a tree of parts, and cutting its
 * brackets off as a string, then joining it to the next, made V8 copy it whole twice more
 * before it was encoded for writing. In bytes, a group's opening bracket becomes the comma
 * before it and its closing one is left out of the view handed out, with nothing copied.
 *
 * Every group is encoded into the same buffer, so a piece of bytes is valid only until the
 * next piece is asked for: write it, and let the write finish, before going on. A buffer per
 * group lived outside the heap until a collection found it dead, tens of them at a time, and
 * the process was that much larger at its end.
 */
export function* jsonPieces(value: Readonly<Record<string, unknown>>): Generator<string | Uint8Array> {
  let pending = '{';
  let first = true;
  let bytes = Buffer.allocUnsafeSlow(BYTES_AT_FIRST);
  for (const [key, item] of Object.entries(value)) {
    if (Array.isArray(item) && item.length > ROWS_AT_A_TIME) {
      yield `${pending}${first ? '' : ','}${JSON.stringify(key)}:`;
      pending = '';
      for (let from = 0; from < item.length; from += ROWS_AT_A_TIME) {
        const rows = JSON.stringify(item.slice(from, from + ROWS_AT_A_TIME));
        // Room for the worst case (three bytes per UTF-16 unit) rather than the exact length: the
        // write then says how many bytes it took, and the text is not walked once more to count them.
        if (3 * rows.length > bytes.length) bytes = Buffer.allocUnsafeSlow(Math.max(3 * rows.length, 2 * bytes.length));
        const length = bytes.write(rows, 0);
        if (from > 0) bytes[0] = COMMA;
        // The last group keeps its closing bracket: the array's own.
        yield bytes.subarray(0, from + ROWS_AT_A_TIME >= item.length ? length : length - 1);
      }
    } else {
      // Undefined, a function or a symbol: JSON.stringify leaves such a key out.
      const text = JSON.stringify(item) as string | undefined;
      if (text === undefined) continue;
      pending += `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
    }
    first = false;
  }
  yield `${pending}}`;
}
