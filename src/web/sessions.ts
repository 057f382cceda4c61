import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A browser logged in with the token: its cookie names the session, and its forms carry the CSRF token. */
export interface Session {
  readonly id: string;
  readonly csrf: string;
  readonly expiresAt: number;
}

const LIFETIME_MS = 7 * 24 * 3600 * 1000;
/** Old sessions are dropped past this many, so a script logging in in a loop cannot grow memory. */
const MAX_SESSIONS = 200;

/**
 * Sessions live in the server's memory: a restart logs every browser out, and a cookie copied
 * from a browser is worth nothing once the server stops or the week is over.
 */
export class Sessions {
  readonly #byId = new Map<string, Session>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  create(): Session {
    const session = { id: randomBytes(32).toString('base64url'), csrf: randomBytes(32).toString('base64url'), expiresAt: this.#now() + LIFETIME_MS };
    this.#byId.set(session.id, session);
    while (this.#byId.size > MAX_SESSIONS) this.#byId.delete(this.#byId.keys().next().value!);
    return session;
  }

  find(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.#byId.get(id);
    if (session && session.expiresAt <= this.#now()) {
      this.#byId.delete(id);
      return undefined;
    }
    return session;
  }

  end(id: string): void {
    this.#byId.delete(id);
  }
}

export const LIFETIME_SECONDS = LIFETIME_MS / 1000;

/** Constant-time equality of two secrets given as text. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
