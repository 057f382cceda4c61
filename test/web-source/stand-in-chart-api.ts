import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DailyBar } from '../../src/data/sources/market-data-source.js';

/** One day of a symbol as it traded: raw prices, before any adjustment (the stand-in adjusts its replies as Yahoo does). */
export type StandInBar = DailyBar;

export interface StandInSymbol {
  readonly bars: StandInBar[];
  /** Splits as new shares per old share on their ex-date. */
  readonly splits?: readonly { readonly date: string; readonly numerator: number; readonly denominator: number }[];
  readonly dividends?: readonly { readonly date: string; readonly amount: number }[];
}

/** The broken replies the stand-in can give for a symbol. */
export type Corruption = 'bad-json' | 'missing-close' | 'ragged' | 'negative-price' | 'nan-price' | 'high-below-low' | 'http-500';

export interface ChartRequest {
  readonly symbol: string;
  readonly period1: number;
  readonly period2: number;
  readonly interval: string | null;
  readonly events: string | null;
}

/** Epoch seconds of a date's 14:30 UTC: the NYSE open in winter, where Yahoo stamps a daily bar. */
export function stampOf(date: string): number {
  return Date.parse(`${date}T14:30:00Z`) / 1000;
}

/**
 * A local stand-in of a Yahoo-style chart API over a real socket: `GET
 * /v8/finance/chart/{symbol}?period1&period2&interval=1d&events=div|split` answers the published
 * layout from the bars it was given. Like the real API its open, high, low and close are adjusted
 * for later splits, and `adjclose` for dividends too. It records every request, and can be told
 * to answer a symbol with a broken reply.
 */
export class StandInChartApi {
  readonly requests: ChartRequest[] = [];
  readonly #symbols = new Map<string, StandInSymbol>();
  readonly #corrupt = new Map<string, Corruption>();
  #server: Server | undefined;

  set(symbol: string, data: StandInSymbol): void {
    this.#symbols.set(symbol, data);
  }

  get(symbol: string): StandInSymbol | undefined {
    return this.#symbols.get(symbol);
  }

  corrupt(symbol: string, how: Corruption | undefined): void {
    if (how) this.#corrupt.set(symbol, how);
    else this.#corrupt.delete(symbol);
  }

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const match = /^\/v8\/finance\/chart\/([^/]+)$/.exec(url.pathname);
      if (!match) {
        res.writeHead(404).end('not found');
        return;
      }
      const symbol = decodeURIComponent(match[1]!);
      const period1 = Number(url.searchParams.get('period1'));
      const period2 = Number(url.searchParams.get('period2'));
      this.requests.push({ symbol, period1, period2, interval: url.searchParams.get('interval'), events: url.searchParams.get('events') });
      const data = this.#symbols.get(symbol);
      if (!data) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } }));
        return;
      }
      const corruption = this.#corrupt.get(symbol);
      if (corruption === 'http-500') {
        res.writeHead(500).end('internal error');
        return;
      }
      const body = corruption === 'bad-json' ? '{"chart": {"result": [{"timestamp": [1, 2' : JSON.stringify(reply(symbol, data, period1, period2, corruption));
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

function reply(symbol: string, data: StandInSymbol, period1: number, period2: number, corruption: Corruption | undefined): unknown {
  const bars = data.bars.filter((bar) => stampOf(bar.date) >= period1 && stampOf(bar.date) < period2);
  const splits = data.splits ?? [];
  const dividends = data.dividends ?? [];
  // Yahoo divides the prices before a split by its ratio (and multiplies the volume).
  const splitFactor = (date: string) => splits.filter((s) => s.date > date).reduce((f, s) => f * (s.numerator / s.denominator), 1);
  const adjusted = bars.map((bar) => {
    const f = splitFactor(bar.date);
    return { open: bar.open / f, high: bar.high / f, low: bar.low / f, close: bar.close / f, volume: Math.round(bar.volume * f) };
  });
  const quote = {
    open: adjusted.map((b) => b.open),
    high: adjusted.map((b) => b.high),
    low: adjusted.map((b) => b.low),
    close: adjusted.map((b) => b.close) as (number | null | string)[] | undefined,
    volume: adjusted.map((b) => b.volume),
  };
  const timestamp = bars.map((bar) => stampOf(bar.date));
  const middle = Math.floor(bars.length / 2);
  if (corruption === 'missing-close') delete quote.close;
  if (corruption === 'ragged') quote.volume.pop();
  if (corruption === 'negative-price' && bars.length > 0) quote.low[middle] = -1;
  if (corruption === 'nan-price' && bars.length > 0) quote.close![middle] = 'NaN';
  if (corruption === 'high-below-low' && bars.length > 0) quote.high[middle] = quote.low[middle]! / 2;
  const inPeriod = (date: string) => stampOf(date) >= period1 && stampOf(date) < period2;
  return {
    chart: {
      result: [
        {
          meta: { currency: 'USD', symbol, exchangeName: 'PCX', instrumentType: 'ETF', gmtoffset: -18000, timezone: 'EST', exchangeTimezoneName: 'America/New_York', dataGranularity: '1d' },
          timestamp,
          indicators: { quote: [quote], adjclose: [{ adjclose: adjusted.map((b) => b.close) }] },
          events: {
            dividends: Object.fromEntries(dividends.filter((d) => inPeriod(d.date)).map((d) => [String(stampOf(d.date)), { amount: d.amount / splitFactor(d.date), date: stampOf(d.date) }])),
            splits: Object.fromEntries(splits.filter((s) => inPeriod(s.date)).map((s) => [String(stampOf(s.date)), { date: stampOf(s.date), numerator: s.numerator, denominator: s.denominator, splitRatio: `${s.numerator}:${s.denominator}` }])),
          },
        },
      ],
      error: null,
    },
  };
}
