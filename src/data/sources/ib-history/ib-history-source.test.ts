import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../domain/bar.js';
import { SourceReplyError } from '../market-data-source.js';
import { ibDuration, IbHistorySource, type HistoricalBars } from './ib-history-source.js';

const SPY = { symbol: 'SPY', secType: 'STK' as const, currency: 'USD', exchange: 'XNYS', lotSize: 1, tickSize: 0.01, multiplier: 1 };
const NOW = Date.UTC(2025, 2, 31, 22);

/** IB's bars as the broker adapter gives them: daily bars stamped at 00:00 UTC of their date. */
class RecordedBars implements HistoricalBars {
  readonly asked: { duration: string; barSize: string }[] = [];
  constructor(readonly bars: Bar[]) {}
  async historicalBars(_instrument: unknown, options: { duration: string; barSize: string }): Promise<Bar[]> {
    this.asked.push(options);
    return this.bars;
  }
}

const day = (date: string, close: number, high = close): Bar => ({ time: Date.parse(`${date}T00:00:00Z`), open: close, high, low: close, close, volume: 10 });

describe('IbHistorySource', () => {
  it('asks IB for the days from `from` to now, and keeps the bars in the range', async () => {
    const broker = new RecordedBars([day('2025-03-27', 10), day('2025-03-28', 11), day('2025-03-31', 12)]);
    const history = await new IbHistorySource(broker, () => NOW).history({ instrument: SPY, from: '2025-03-28', to: '2025-03-28', timeZone: 'America/New_York' });
    expect(broker.asked).toEqual([{ duration: '4 D', barSize: '1 day' }]);
    expect(history).toEqual({ bars: [{ date: '2025-03-28', open: 11, high: 11, low: 11, close: 11, volume: 10 }], actions: [] });
  });

  it('refuses a bar whose high is below its low, naming IB and the symbol', async () => {
    const broker = new RecordedBars([{ ...day('2025-03-28', 11), low: 12 }]);
    await expect(new IbHistorySource(broker, () => NOW).history({ instrument: SPY, from: '2025-03-01', to: '2025-03-31', timeZone: 'UTC' })).rejects.toThrow(SourceReplyError);
  });

  it('counts days up to a year, whole years beyond (IB refuses more than 365 D)', () => {
    expect(ibDuration('2025-03-31', NOW)).toBe('1 D');
    expect(ibDuration('2024-04-01', NOW)).toBe('365 D');
    expect(ibDuration('2023-01-01', NOW)).toBe('3 Y');
  });
});
