import type { Instrument } from '../../domain/instrument.js';

/** One trading day's bar, dated by the exchange's local trading date, in raw (unadjusted) prices. */
export interface DailyBar {
  /** The exchange's trading date, YYYY-MM-DD. */
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

import type { CorporateAction } from '../../domain/corporate-action.js';
export type { CorporateAction };

/** What a source gives for one instrument over a range of dates: bars oldest first, and the corporate actions in the range. */
export interface SourceHistory {
  readonly bars: readonly DailyBar[];
  readonly actions: readonly CorporateAction[];
}

export interface SourceRequest {
  readonly instrument: Instrument;
  /** First and last trading dates wanted, YYYY-MM-DD, both included. */
  readonly from: string;
  readonly to: string;
  /** The exchange's time zone, in which the source's times are turned into trading dates. */
  readonly timeZone: string;
}

/**
 * A source of daily history to fill the data folder from or to check it against: a CSV folder,
 * IB's historical bars, a web API. Each adapter refuses a reply it cannot trust with a
 * SourceReplyError rather than returning part of it.
 */
export interface MarketDataSource {
  /** The name the config and the messages use (e.g. "yahoo", "ib"). */
  readonly name: string;
  history(request: SourceRequest): Promise<SourceHistory>;
}

/**
 * A reply that cannot be trusted (not JSON, missing or ragged arrays, impossible prices) or a
 * source that could not be reached: nothing from it may be written, and the person who runs
 * the fetch must be told which source and which symbol.
 */
export class SourceReplyError extends Error {
  constructor(readonly source: string, readonly symbol: string, reason: string) {
    super(`${source}: ${symbol}: ${reason}`);
    this.name = 'SourceReplyError';
  }
}

/**
 * The checks every bar from any source passes before it is written: positive finite prices, a
 * low at or below the high, open and close inside the range (a relative slack of 1e-6, for
 * sources that round each column apart), a finite volume that is not negative.
 */
export function checkDailyBar(bar: DailyBar, source: string, symbol: string): void {
  const { open, high, low, close, volume } = bar;
  for (const [name, value] of [['open', open], ['high', high], ['low', low], ['close', close]] as const) {
    if (!Number.isFinite(value) || value <= 0) throw new SourceReplyError(source, symbol, `${bar.date}: ${name} ${value} is not a positive price`);
  }
  if (high < low) throw new SourceReplyError(source, symbol, `${bar.date}: high ${high} is below low ${low}`);
  const slack = high * 1e-6;
  if (open > high + slack || open < low - slack) throw new SourceReplyError(source, symbol, `${bar.date}: open ${open} is outside low ${low} … high ${high}`);
  if (close > high + slack || close < low - slack) throw new SourceReplyError(source, symbol, `${bar.date}: close ${close} is outside low ${low} … high ${high}`);
  if (!Number.isFinite(volume) || volume < 0) throw new SourceReplyError(source, symbol, `${bar.date}: volume ${volume} is not a count`);
}
