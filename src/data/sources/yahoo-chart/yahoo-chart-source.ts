import type { MarketDataSource, SourceHistory, SourceRequest } from '../market-data-source.js';
import { SourceReplyError } from '../market-data-source.js';
import { parseChartReply } from './parse-chart-reply.js';

export interface YahooChartOptions {
  /** The name of the source in the config (`dataSources.<name>`), which messages use. */
  readonly name: string;
  /** e.g. https://query1.finance.yahoo.com, or a local stand-in. */
  readonly baseUrl: string;
  /** The source's symbol where it differs from the instrument's (USDCAD → CAD=X). */
  readonly symbols: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

const DAY_S = 86_400;

/** A Yahoo-style chart API over HTTP (Node's fetch), one request per instrument and range. */
export class YahooChartSource implements MarketDataSource {
  readonly name: string;
  readonly #options: YahooChartOptions;

  constructor(options: YahooChartOptions) {
    this.name = options.name;
    this.#options = Object.freeze({ ...options, symbols: Object.freeze({ ...options.symbols }) });
  }

  /** The request for one instrument: `from` at 00:00 UTC to the day after `to`, so that every session dated in the range is inside it in any time zone. */
  urlFor(request: SourceRequest): URL {
    const symbol = this.#options.symbols[request.instrument.symbol] ?? request.instrument.symbol;
    const base = this.#options.baseUrl.replace(/\/+$/, '');
    const url = new URL(`${base}/v8/finance/chart/${encodeURIComponent(symbol)}`);
    url.searchParams.set('period1', String(Date.parse(`${request.from}T00:00:00Z`) / 1000 - DAY_S));
    url.searchParams.set('period2', String(Date.parse(`${request.to}T00:00:00Z`) / 1000 + 2 * DAY_S));
    url.searchParams.set('interval', '1d');
    url.searchParams.set('events', 'div|split');
    return url;
  }

  async history(request: SourceRequest): Promise<SourceHistory> {
    const symbol = request.instrument.symbol;
    const url = this.urlFor(request);
    let text: string;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(this.#options.timeoutMs), headers: { accept: 'application/json' } });
      text = await response.text();
      if (!response.ok) throw new SourceReplyError(this.name, symbol, `HTTP ${response.status} from ${url.origin}${url.pathname}: ${JSON.stringify(text.slice(0, 120))}`);
    } catch (error) {
      if (error instanceof SourceReplyError) throw error;
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer from ${url.origin} within ${this.#options.timeoutMs / 1000} s` : `cannot reach ${url.origin}: ${(error as Error).message}${causeOf(error)}`;
      throw new SourceReplyError(this.name, symbol, reason);
    }
    return parseChartReply(text, { source: this.name, symbol, timeZone: request.timeZone, from: request.from, to: request.to });
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? ` (${cause.message})` : '';
}
