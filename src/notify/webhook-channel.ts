import { ChannelError, type Channel, type QueuedMessage } from './channel.js';
import type { Notice } from './notifier.js';
import { redactSecrets } from './redact-secrets.js';
import { webhookPayload, type WebhookKind } from './webhook-payload.js';

export interface WebhookSettings {
  readonly kind: WebhookKind;
  /** The channel's name in the outbox: the kind, or "kind:name" when there are several. */
  readonly name: string;
  /** From the environment: a webhook URL carries its token, so it is a secret. */
  readonly url: string | undefined;
  /** The variable the URL comes from, for the message when it is missing. */
  readonly urlEnv: string;
  readonly chatId?: string | number;
  readonly kinds?: ReadonlySet<Notice['kind']>;
  readonly timeoutMs: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Posts a notice as JSON to a Slack or Discord incoming webhook or to a Telegram-compatible
 * sendMessage endpoint. The URL never appears in an error: it holds the token.
 */
export class WebhookChannel implements Channel {
  readonly name: string;
  readonly kinds?: ReadonlySet<Notice['kind']>;
  readonly #settings: WebhookSettings;

  constructor(settings: WebhookSettings) {
    this.#settings = Object.freeze({ ...settings });
    this.name = settings.name;
    if (settings.kinds) this.kinds = settings.kinds;
  }

  async deliver(message: QueuedMessage): Promise<void> {
    const { kind, urlEnv, timeoutMs } = this.#settings;
    const url = this.#url();
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(webhookPayload(kind, message.notice, this.#settings.chatId)),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = (error as Error).name === 'TimeoutError' ? `no answer within ${Math.ceil(timeoutMs / 1000)} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new ChannelError(`${this.name} webhook (${urlEnv}): ${this.#redact(why)}`, 'channel', { cause: error });
    }
    if (response.ok) {
      await response.body?.cancel();
      return;
    }
    const detail = this.#redact((await response.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ').trim());
    // Throttled, failing servers and a revoked or wrong token affect every message; any other
    // 4xx refuses this message only (too long, malformed).
    const scope = response.status === 429 || response.status >= 500 || [401, 403, 404, 410].includes(response.status) ? 'channel' : 'message';
    throw new ChannelError(`${this.name} webhook (${urlEnv}): HTTP ${response.status}${detail ? `: ${detail}` : ''}`, scope);
  }

  #url(): URL {
    const { url, urlEnv } = this.#settings;
    if (!url) throw new ChannelError(`${this.name} webhook: the environment variable ${urlEnv} is not set: export the webhook URL there`, 'channel');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ChannelError(`${this.name} webhook: ${urlEnv} does not hold a URL`, 'channel');
    }
    // Plain http would carry the token in clear text; only a server on this machine may use it.
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname))) {
      throw new ChannelError(`${this.name} webhook: ${urlEnv} must be an https:// URL`, 'channel');
    }
    return parsed;
  }

  #redact(text: string): string {
    const url = this.#settings.url;
    return url ? redactSecrets(text, [url, ...tokensOf(url)]) : text;
  }
}

/** The path segments of a webhook URL long enough to be tokens, which a server may echo. */
function tokensOf(url: string): string[] {
  try {
    return new URL(url).pathname.split('/').filter((part) => part.length >= 16);
  } catch {
    return [];
  }
}
