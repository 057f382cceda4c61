/**
 * Splits one CSV line into fields (RFC 4180 quoting: a field in double quotes may hold commas,
 * and "" stands for one quote). Unquoted fields are trimmed; quoted ones are kept exactly.
 * Returns a string describing the defect when the quoting is broken.
 */
export function splitCsvLine(line: string): string[] | { readonly error: string } {
  // Most lines quote nothing: their fields are the text between commas, trimmed.
  if (!line.includes('"')) {
    const plain = line.split(',');
    for (let k = 0; k < plain.length; k++) plain[k] = plain[k]!.trim();
    return plain;
  }
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"' || (line[i] === ' ' && line.slice(i).trimStart().startsWith('"'))) {
      i = line.indexOf('"', i) + 1;
      let value = '';
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) return { error: 'a quoted field is not closed' };
        value += line.slice(i, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      fields.push(value);
      const rest = line.indexOf(',', i);
      const between = (rest < 0 ? line.slice(i) : line.slice(i, rest)).trim();
      if (between !== '') return { error: 'text after a closing quote' };
      if (rest < 0) return fields;
      i = rest + 1;
    } else {
      const comma = line.indexOf(',', i);
      const raw = comma < 0 ? line.slice(i) : line.slice(i, comma);
      if (raw.includes('"')) return { error: 'a quote inside an unquoted field' };
      fields.push(raw.trim());
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}

/** One field, quoted only where it has to be, so that splitCsvLine gives it back unchanged. */
export function csvField(value: string): string {
  // A forecast writes a symbol on every row: text of printable ASCII other than a quote and a
  // comma, the usual symbol, is told plain without running the expression.
  if (isPlainText(value)) return value;
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Whether `value` is non-empty printable ASCII (no space, no control character) without a quote
 * or a comma: such text is written as it is, and trim() leaves it unchanged. False says only
 * that the full rule must be asked.
 */
export function isPlainText(value: string): boolean {
  const length = value.length;
  if (length === 0) return false;
  for (let k = 0; k < length; k++) {
    const code = value.charCodeAt(k);
    if (code <= 0x20 || code >= 0x7f || code === 0x22 || code === 0x2c) return false;
  }
  return true;
}
