import type { Bar } from '../../../domain/bar.js';
import type { Instrument } from '../../../domain/instrument.js';
import { checkDailyBar, SourceReplyError, type DailyBar, type MarketDataSource, type SourceHistory, type SourceRequest } from '../market-data-source.js';

/** IB's historical daily bars (the IB broker adapter, which paces the requests by IB's historical rules). */
export interface HistoricalBars {
  historicalBars(instrument: Instrument, options: { duration: string; barSize: string }): Promise<Bar[]>;
}

const DAY_MS = 86_400_000;

/**
 * IB's daily bars as a source. IB dates a daily bar by the exchange's date (the adapter stamps
 * it at 00:00 UTC of that date) and has no corporate actions in its bars: the actions file is
 * left as it is. IB counts a duration back from now, so the request reaches from now back to
 * `from`, and the bars after `to` are dropped.
 */
export class IbHistorySource implements MarketDataSource {
  readonly name = 'ib';
  readonly #broker: HistoricalBars;
  readonly #now: () => number;

  constructor(broker: HistoricalBars, now: () => number = Date.now) {
    this.#broker = broker;
    this.#now = now;
  }

  async history(request: SourceRequest): Promise<SourceHistory> {
    const symbol = request.instrument.symbol;
    let bars: Bar[];
    try {
      bars = await this.#broker.historicalBars(request.instrument, { duration: ibDuration(request.from, this.#now()), barSize: '1 day' });
    } catch (error) {
      throw new SourceReplyError(this.name, symbol, (error as Error).message);
    }
    const daily: DailyBar[] = [];
    for (const bar of bars) {
      const date = new Date(bar.time).toISOString().slice(0, 10);
      if (date < request.from || date > request.to) continue;
      const day = { date, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume };
      checkDailyBar(day, this.name, symbol);
      daily.push(day);
    }
    return { bars: daily, actions: [] };
  }
}

/** IB's duration from `from` to now: days up to a year ("N D"), whole years beyond (IB refuses more than 365 D). */
export function ibDuration(from: string, now: number): string {
  const days = Math.max(1, Math.ceil((now - Date.parse(`${from}T00:00:00Z`)) / DAY_MS));
  return days <= 365 ? `${days} D` : `${Math.ceil(days / 365)} Y`;
}
