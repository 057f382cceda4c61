import { escapeHtml } from './html.js';
import type { Notice } from './notifier.js';

/** Names of environment variables whose values are treated as secrets. */
export const SECRET_ENV_NAME = /PASSWORD|SECRET|TOKEN|KEY/i;

export const REDACTED = '[redacted]';

/**
 * Values from the environment shorter than this are not treated as secrets: a variable such
 * as `KEYBOARD=us` or `USE_KEYCHAIN=1` would otherwise blank out every "us" or "1" in a
 * message and make it unreadable, while no real credential is that short.
 */
const MIN_ENV_SECRET_LENGTH = 4;
const FLAG_VALUES = new Set(['true', 'false', 'null', 'none', 'undefined']);

/** The values of environment variables whose names look like they hold credentials. */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !SECRET_ENV_NAME.test(name)) continue;
    const trimmed = value.trim();
    if (trimmed.length < MIN_ENV_SECRET_LENGTH || FLAG_VALUES.has(trimmed.toLowerCase())) continue;
    secrets.push(value);
    // A value with surrounding whitespace in the environment may appear trimmed in a message.
    if (trimmed !== value) secrets.push(trimmed);
  }
  return secrets;
}

/**
 * Replaces every occurrence of every secret in `text` with "[redacted]". A secret is also
 * looked for in the forms it takes inside an HTML body, inside a URL (a connection string in
 * an error message) and in base64 (an SMTP server that echoes `AUTH PLAIN` or `AUTH LOGIN`
 * in its error reply), since those forms do not contain it verbatim.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    forms.add(secret);
    forms.add(escapeHtml(secret));
    forms.add(encodeURIComponent(secret));
    for (const form of base64Forms(secret)) forms.add(form);
  }
  if (forms.size === 0) return text;
  // One pass over the text with the longest alternative first: a secret that contains a
  // shorter one is replaced whole, and the marker itself is never matched again.
  const ordered = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return text.replace(new RegExp(ordered.join('|'), 'g'), REDACTED);
}

/**
 * Shortest base64 run redacted: a shorter one (from a short secret) would also match unrelated
 * text, and every credential worth the name gives a longer one.
 */
const MIN_BASE64_FORM = 6;

/**
 * The base64 text that any base64 encoding containing `secret` contains, whatever comes
 * before it: `AUTH PLAIN` encodes `\0user\0password`, so the password starts at an offset
 * that depends on the user name's length. The secret is encoded after 0, 1 and 2 filler bytes;
 * of each encoding only the characters made from the secret's bits alone are kept. The
 * secret's own encoding, with and without padding, is kept whole.
 */
export function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const whole = bytes.toString('base64');
  const forms = [whole, whole.replace(/=+$/, '')];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const first = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + bytes.length)) / 6);
    const inner = encoded.slice(first, end);
    if (inner.length >= MIN_BASE64_FORM) forms.push(inner);
  }
  return forms.filter((form) => form.length >= MIN_BASE64_FORM);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The notice with every secret redacted from its subject, bodies and image file names. */
export function redactNotice<T extends Notice>(notice: T, secrets: readonly string[]): T {
  const redact = (text: string): string => redactSecrets(text, secrets);
  return {
    ...notice,
    subject: redact(notice.subject),
    text: redact(notice.text),
    ...(notice.html !== undefined ? { html: redact(notice.html) } : {}),
    ...(notice.images ? { images: notice.images.map((image) => ({ ...image, filename: redact(image.filename) })) } : {}),
  };
}
