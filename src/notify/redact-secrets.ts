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
 * looked for in the forms it takes inside an HTML body and inside a URL (a connection
 * string in an error message), since those forms do not contain it verbatim.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    forms.add(secret);
    forms.add(escapeHtml(secret));
    forms.add(encodeURIComponent(secret));
  }
  if (forms.size === 0) return text;
  // One pass over the text with the longest alternative first: a secret that contains a
  // shorter one is replaced whole, and the marker itself is never matched again.
  const ordered = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return text.replace(new RegExp(ordered.join('|'), 'g'), REDACTED);
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
