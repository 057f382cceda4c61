/**
 * Keeps requests to Alpaca under its rate limit (200 a minute per account): a sliding window of
 * this client's own requests, and what Alpaca's X-RateLimit headers say of the account's budget
 * (other programs on the same keys spend it too). Pure: the caller supplies the time and waits.
 */
export class AlpacaRateLimit {
  readonly #perMinute: number;
  readonly #sent: number[] = [];
  /** Epoch ms before which the account has no requests left, from X-RateLimit-Remaining: 0. */
  #blockedUntil = 0;

  constructor(perMinute: number) {
    this.#perMinute = perMinute;
  }

  /** How long to wait before the next request may go out. */
  waitMs(now: number): number {
    while (this.#sent.length > 0 && this.#sent[0]! <= now - WINDOW_MS) this.#sent.shift();
    const windowWait = this.#sent.length >= this.#perMinute ? this.#sent[0]! + WINDOW_MS - now : 0;
    return Math.max(0, windowWait, this.#blockedUntil - now);
  }

  sent(now: number): void {
    this.#sent.push(now);
  }

  /** Takes in the headers of an answer: with no requests left, the next waits for the reset. */
  observe(headers: Headers, now: number): void {
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    if (headers.get('x-ratelimit-remaining') !== null && remaining <= 0) this.#blockedUntil = Math.max(this.#blockedUntil, resetAt(headers, now));
  }

  /**
   * After a 429: how long to wait before the retry, from Retry-After or X-RateLimit-Reset, else
   * a backoff that doubles with each attempt. The wait also holds back every other request.
   */
  refused(headers: Headers, now: number, attempt: number): number {
    const retryAfter = Number(headers.get('retry-after'));
    const until = headers.get('retry-after') !== null && Number.isFinite(retryAfter) ? now + retryAfter * 1000 : headers.get('x-ratelimit-reset') !== null ? resetAt(headers, now) : now + BACKOFF_MS * 2 ** attempt;
    this.#blockedUntil = Math.max(this.#blockedUntil, until);
    return Math.max(0, this.#blockedUntil - now);
  }
}

const WINDOW_MS = 60_000;
const BACKOFF_MS = 500;
/** A reset further away than this is taken as a wrong header, not as a reason to stall a run. */
const MAX_RESET_WAIT_MS = 65_000;

/** X-RateLimit-Reset is the Unix time, in seconds, when the budget refills. */
function resetAt(headers: Headers, now: number): number {
  const reset = Number(headers.get('x-ratelimit-reset')) * 1000;
  if (!Number.isFinite(reset) || reset <= now) return now + BACKOFF_MS;
  return Math.min(reset, now + MAX_RESET_WAIT_MS);
}
