import { Buffer } from 'node:buffer';

// Rows of a long array stringified at a time, and the text gathered before it is handed out:
// tens of kilobytes, so that each piece dies young and is collected cheaply. Pieces of a few
// hundred kilobytes left the 500-symbol backtest of the bench 30 MiB larger at its peak.
const ROWS_AT_A_TIME = 200;

const COMMA = 0x2c;

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
 */
export function* jsonPieces(value: Readonly<Record<string, unknown>>): Generator<string | Uint8Array> {
  let pending = '{';
  let first = true;
  for (const [key, item] of Object.entries(value)) {
    if (Array.isArray(item) && item.length > ROWS_AT_A_TIME) {
      yield `${pending}${first ? '' : ','}${JSON.stringify(key)}:`;
      pending = '';
      for (let from = 0; from < item.length; from += ROWS_AT_A_TIME) {
        const rows = Buffer.from(JSON.stringify(item.slice(from, from + ROWS_AT_A_TIME)));
        if (from > 0) rows[0] = COMMA;
        // The last group keeps its closing bracket: the array's own.
        yield from + ROWS_AT_A_TIME >= item.length ? rows : rows.subarray(0, rows.length - 1);
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
