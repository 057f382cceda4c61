/** Longest piece of a forecast field an error message quotes. */
export const EXCERPT_CHARS = 24;

/**
 * A field of a forecast file as an error message may quote it: at most EXCERPT_CHARS
 * characters, in double quotes, with anything but letters, digits and `.:+-_ /` shown as `?`.
 * Error messages go to the journal, the terminal and the owner's e-mail; a file that is not
 * what it should be (a link to another file, a model that wrote its secrets) must not have its
 * content copied there, and a control character must not reach a terminal.
 */
export function excerpt(text: string): string {
  return `"${sanitised(text)}"`;
}

/** A field path (`weights.SPY`) as an error message names it: shortened and sanitised as {@link excerpt} does, unquoted. */
export function fieldPath(path: string): string {
  return sanitised(path);
}

function sanitised(text: string): string {
  const chars = [...text];
  const shown = chars.slice(0, EXCERPT_CHARS).map((c) => (/^[A-Za-z0-9.:+\-_ /]$/.test(c) ? c : '?')).join('');
  return `${shown}${chars.length > EXCERPT_CHARS ? '…' : ''}`;
}
