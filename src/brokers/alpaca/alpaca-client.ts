import { BrokerError } from '../broker.js';
import { AlpacaRateLimit } from './rate-limit.js';
import type { AlpacaErrorBody } from './alpaca-wire.js';

// A small typed client on Node's own fetch rather than Alpaca's official SDK: the SDK pulls in a
// large dependency tree and its typings lag the API, while autofolio needs a dozen endpoints, and
// owning the HTTP layer lets it follow the rate limit and tell "never sent" from "outcome unknown".

export interface AlpacaKeys {
  readonly keyId: string;
  readonly secretKey: string;
}

export interface AlpacaClientOptions {
  /** Trading API origin, e.g. https://paper-api.alpaca.markets */
  readonly tradingUrl: string;
  /** Market data API origin, e.g. https://data.alpaca.markets */
  readonly dataUrl: string;
  readonly keys: AlpacaKeys;
  readonly maxRequestsPerMinute: number;
  readonly timeoutMs: number;
  /** Waits in real time by default; tests may count the waits. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export type Api = 'trading' | 'data';

export interface AlpacaRequest {
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly body?: unknown;
}

/** Alpaca answered with an error status; `status` is the HTTP status, `code` Alpaca's own. */
export class AlpacaHttpError extends BrokerError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: AlpacaErrorBody,
  ) {
    super(`Alpaca ${method} ${path}: ${status} ${body.message ?? 'no message'}${body.code !== undefined ? ` (code ${body.code})` : ''}`, kindOf(status), body.code ?? status);
    this.name = 'AlpacaHttpError';
  }
}

/**
 * The request never reached Alpaca (the connection was refused, the name did not resolve): what
 * it asked for certainly did not happen.
 */
export class AlpacaUnreachableError extends BrokerError {
  constructor(method: string, path: string, cause: string) {
    super(`Alpaca ${method} ${path}: cannot connect (${cause})`, 'temporary', cause);
    this.name = 'AlpacaUnreachableError';
  }
}

const MAX_RATE_LIMIT_RETRIES = 5;
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export class AlpacaClient {
  readonly #options: AlpacaClientOptions;
  readonly #limit: AlpacaRateLimit;
  readonly #sleep: (ms: number) => Promise<void>;
  #requests = 0;
  #rateLimited = 0;

  constructor(options: AlpacaClientOptions) {
    this.#options = Object.freeze({ ...options });
    this.#limit = new AlpacaRateLimit(options.maxRequestsPerMinute);
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Requests sent, retries included. */
  get requests(): number {
    return this.#requests;
  }

  /** Answers that were 429 Too Many Requests, each waited out and retried. */
  get rateLimited(): number {
    return this.#rateLimited;
  }

  async get<T>(api: Api, path: string, request: AlpacaRequest = {}): Promise<T> {
    return (await this.send('GET', api, path, request)) as T;
  }

  /**
   * One request, retried only after a 429 (Alpaca refused it unprocessed, so a retry cannot
   * double anything). Resolves with the parsed JSON body (undefined for 204 No Content).
   */
  async send(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', api: Api, path: string, request: AlpacaRequest = {}): Promise<unknown> {
    const url = new URL(path, api === 'trading' ? this.#options.tradingUrl : this.#options.dataUrl);
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    for (let attempt = 0; ; attempt++) {
      const wait = this.#limit.waitMs(Date.now());
      if (wait > 0) await this.#sleep(wait);
      this.#limit.sent(Date.now());
      this.#requests += 1;
      const response = await this.#fetch(method, url, path, request.body);
      this.#limit.observe(response.headers, Date.now());
      if (response.status === 429 && attempt < MAX_RATE_LIMIT_RETRIES) {
        this.#rateLimited += 1;
        await response.body?.cancel();
        await this.#sleep(this.#limit.refused(response.headers, Date.now(), attempt));
        continue;
      }
      const text = await response.text();
      if (!response.ok) throw new AlpacaHttpError(method, path, response.status, errorBody(text));
      if (text === '') return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new BrokerError(`Alpaca ${method} ${path}: the answer is not JSON: ${text.slice(0, 80)}`, 'operational', 'bad-reply');
      }
    }
  }

  async #fetch(method: string, url: URL, path: string, body: unknown): Promise<Response> {
    try {
      return await fetch(url, {
        method,
        headers: {
          'APCA-API-KEY-ID': this.#options.keys.keyId,
          'APCA-API-SECRET-KEY': this.#options.keys.secretKey,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
    } catch (error) {
      const code = causeCode(error);
      if (code && NEVER_CONNECTED.has(code)) throw new AlpacaUnreachableError(method, path, code);
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${this.#options.timeoutMs / 1000} s` : (code ?? (error instanceof Error ? error.message : String(error)));
      throw new BrokerError(`Alpaca ${method} ${path}: ${reason}; the request may have reached Alpaca`, 'temporary', code ?? 'no-answer');
    }
  }
}

function kindOf(status: number): BrokerError['kind'] {
  if (status === 401 || status === 403) return 'operational';
  if (status === 429 || status >= 500) return 'temporary';
  return 'rejected';
}

function errorBody(text: string): AlpacaErrorBody {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object') return parsed as AlpacaErrorBody;
  } catch {
    // Not JSON (a proxy's HTML page): the text itself is the best message there is.
  }
  return { message: text.slice(0, 200) || 'empty answer' };
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
