import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { actionsFileOf } from '../../actions/actions-file.js';
import { readActionsFile } from '../../csv/parse-actions-csv.js';
import { parseBarsCsv } from '../../csv/parse-bars-csv.js';
import { formatDate } from '../../../calendar/civil-date.js';
import { zonedDate } from '../../../calendar/zoned-time.js';
import { SourceReplyError, type DailyBar, type MarketDataSource, type SourceHistory, type SourceRequest } from '../market-data-source.js';

/**
 * A folder of `<SYMBOL>.csv` files (and `<SYMBOL>.actions.csv`) as a source: another vendor's
 * export kept apart from the data folder, for a cross-check or to fill the folder from. Bars
 * within a trading date are folded into one daily bar (first open, highest high, lowest low,
 * last close, summed volume), so an hourly file answers like a daily one.
 */
export class CsvFolderSource implements MarketDataSource {
  readonly name: string;
  readonly #dir: string;

  constructor(name: string, dir: string) {
    this.name = name;
    this.#dir = dir;
  }

  async history(request: SourceRequest): Promise<SourceHistory> {
    const symbol = request.instrument.symbol;
    const file = join(this.#dir, `${symbol}.csv`);
    let bars: DailyBar[];
    try {
      bars = dailyBars(parseBarsCsv(await readFile(file, 'utf8'), file), request.timeZone);
      const actions = await readActionsFile(actionsFileOf(this.#dir, symbol));
      const inRange = (date: string) => date >= request.from && date <= request.to;
      return { bars: bars.filter((b) => inRange(b.date)), actions: actions.filter((a) => inRange(a.date)) };
    } catch (error) {
      throw new SourceReplyError(this.name, symbol, (error as Error).message);
    }
  }
}

function dailyBars(bars: readonly { time: number; open: number; high: number; low: number; close: number; volume: number }[], timeZone: string): DailyBar[] {
  const days: DailyBar[] = [];
  for (const bar of bars) {
    // A date-stamped bar (midnight UTC) is that date wherever the exchange is; a timed one is the exchange's local date.
    const date = bar.time % 86_400_000 === 0 ? new Date(bar.time).toISOString().slice(0, 10) : formatDate(zonedDate(bar.time, timeZone));
    const last = days[days.length - 1];
    if (last?.date === date) {
      days[days.length - 1] = { date, open: last.open, high: Math.max(last.high, bar.high), low: Math.min(last.low, bar.low), close: bar.close, volume: last.volume + bar.volume };
    } else {
      days.push({ date, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume });
    }
  }
  return days;
}
