import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-file.js';

export const TOKEN_ENV = 'AUTOFOLIO_DASHBOARD_TOKEN';
/** Shorter tokens could be guessed; a generated one has 43 characters (32 random bytes). */
const MIN_LENGTH = 20;

/** The dashboard's token, kept only as its SHA-256: the state folder never holds the token itself. */
export interface DashboardToken {
  readonly hash: Buffer;
  readonly source: 'environment' | 'file' | 'generated';
  /** Where the hash is kept (not for a token from the environment). */
  readonly file?: string;
  /** A token generated now: printed once, never stored. */
  readonly generated?: string;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The file that keeps the hash of a generated token, in the account's state folder. */
export function tokenHashFile(stateDir: string): string {
  return join(stateDir, 'dashboard-token.sha256');
}

/**
 * The token every dashboard request must carry: AUTOFOLIO_DASHBOARD_TOKEN when set, else the
 * one generated at the first start, of which only the hash was kept (readable by the owner only).
 */
export function dashboardToken(stateDir: string, env: NodeJS.ProcessEnv = process.env): DashboardToken {
  const fromEnv = env[TOKEN_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_LENGTH || /\s/.test(fromEnv)) throw new Error(`${TOKEN_ENV} must be at least ${MIN_LENGTH} characters without spaces (it has ${fromEnv.length}): e.g. the output of \`openssl rand -base64 32\``);
    return { hash: sha256(fromEnv), source: 'environment' };
  }
  const file = tokenHashFile(stateDir);
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${file}: expected the SHA-256 of the dashboard token as 64 hex digits; delete the file to generate a new token`);
    if ((statSync(file).mode & 0o077) !== 0) throw new Error(`${file}: readable by others (mode ${(statSync(file).mode & 0o777).toString(8)}); \`chmod 600 ${file}\` or delete it to generate a new token`);
    return { hash: Buffer.from(text, 'hex'), source: 'file', file };
  }
  const generated = randomBytes(32).toString('base64url');
  const hash = sha256(generated);
  writeFileAtomic(file, `${hash.toString('hex')}\n`, 0o600);
  return { hash, source: 'generated', file, generated };
}

/** Whether `presented` is the token, compared in constant time. */
export function tokenMatches(token: Pick<DashboardToken, 'hash'>, presented: string): boolean {
  return timingSafeEqual(sha256(presented), token.hash);
}
