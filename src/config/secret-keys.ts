/**
 * Keys whose value would be a credential. Secrets come from the environment, never from the
 * config file: a config is copied, committed and pasted into bug reports.
 * A key that names where a secret is (passwordEnv, tokenFile) is not itself a secret.
 */
const SECRET_WORDS = new Set(['password', 'passwd', 'pass', 'passphrase', 'pwd', 'secret', 'token', 'credential', 'credentials']);
const SECRET_PAIRS = new Set(['api key', 'private key', 'access key', 'client secret']);
const POINTER_WORDS = new Set(['env', 'file', 'path', 'var']);

/** Whether a key such as `password`, `smtpPassword`, `api_key` or `IB_TOKEN` names a credential. */
export function isSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (words.length === 0 || POINTER_WORDS.has(words[words.length - 1]!)) return false;
  return words.some((word, i) => SECRET_WORDS.has(word) || SECRET_PAIRS.has(`${word} ${words[i + 1] ?? ''}`));
}

/** Path of a key in the raw config document, e.g. ['notify', 'smtp', 'password']. */
export type KeyPath = readonly (string | number)[];

/** Every key in `document` that looks like it holds a credential, depth first. */
export function findSecretKeys(document: unknown, path: KeyPath = []): KeyPath[] {
  if (Array.isArray(document)) return document.flatMap((item, index) => findSecretKeys(item, [...path, index]));
  if (typeof document !== 'object' || document === null) return [];
  return Object.entries(document).flatMap(([key, value]) => {
    const here = [...path, key];
    return isSecretKey(key) ? [here] : findSecretKeys(value, here);
  });
}

/**
 * The environment variable that should hold the secret at `path`: AUTOFOLIO_SMTP_PASSWORD for a
 * key under an smtp section, AUTOFOLIO_IB_PASSWORD under an IB broker, the variable an Alpaca
 * broker's secretKeyEnv names (ALPACA_SECRET_KEY by default), else AUTOFOLIO_<KEY>.
 */
export function envNameFor(path: KeyPath, document: unknown): string {
  const key = String(path[path.length - 1]).replace(/([a-z])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
  const sections = path.slice(0, -1).map(String);
  const broker = (document as { broker?: { kind?: unknown; keyIdEnv?: unknown; secretKeyEnv?: unknown } } | null)?.broker;
  const brokerKind = broker?.kind;
  // Alpaca's keys are read from the variables its section names, not from an AUTOFOLIO_ one.
  if (sections[0] === 'broker' && brokerKind === 'alpaca') {
    const named = /ID$/.test(key) ? broker?.keyIdEnv : broker?.secretKeyEnv;
    return typeof named === 'string' && named !== '' ? named : /ID$/.test(key) ? 'ALPACA_KEY_ID' : 'ALPACA_SECRET_KEY';
  }
  const scope = sections.some((s) => /smtp|mail/i.test(s)) ? 'SMTP' : sections[0] === 'broker' && typeof brokerKind === 'string' ? brokerKind.toUpperCase() : undefined;
  return `AUTOFOLIO_${scope && !key.startsWith(`${scope}_`) ? `${scope}_` : ''}${key}`;
}
