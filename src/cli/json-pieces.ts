// Rows of a long array stringified at a time, and the text gathered before it is handed out:
// tens of kilobytes, so that each piece dies young and is collected cheaply. Pieces of a few
// hundred kilobytes left the 500-symbol backtest of the bench 30 MiB larger at its peak.
const ROWS_AT_A_TIME = 200;
const PIECE_CHARS = 32 * 1024;

/**
 * The text of `JSON.stringify(value)` for an object, in pieces: a long array among its values
 * is stringified a couple of hundred rows at a time, so that a caller writing the pieces as they
 * come never holds the whole text. A backtest's orders and fills make tens of megabytes of
 * JSON, which as one string (and again as the buffer written) would be held at the moment the
 * process is largest. Joined, the pieces are exactly JSON.stringify's text.
 */
export function* jsonPieces(value: Readonly<Record<string, unknown>>): Generator<string> {
  let pending = '{';
  let first = true;
  for (const [key, item] of Object.entries(value)) {
    if (Array.isArray(item) && item.length > ROWS_AT_A_TIME) {
      pending += `${first ? '' : ','}${JSON.stringify(key)}:[`;
      for (let from = 0; from < item.length; from += ROWS_AT_A_TIME) {
        const rows = JSON.stringify(item.slice(from, from + ROWS_AT_A_TIME));
        pending += `${from === 0 ? '' : ','}${rows.slice(1, -1)}`;
        if (pending.length >= PIECE_CHARS) {
          yield pending;
          pending = '';
        }
      }
      pending += ']';
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
