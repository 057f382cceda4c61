import { formatDate } from '../../../calendar/civil-date.js';
import { zonedDate } from '../../../calendar/zoned-time.js';
import { corporateAction } from '../../../domain/corporate-action.js';
import { checkDailyBar, SourceReplyError, type CorporateAction, type DailyBar, type SourceHistory } from '../market-data-source.js';
import { byCodeUnits } from '../../../domain/code-unit-order.js';

export interface ChartReplyContext {
  readonly source: string;
  /** The instrument's symbol in autofolio, which every message names. */
  readonly symbol: string;
  readonly timeZone: string;
  readonly from: string;
  readonly to: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A Yahoo-style chart reply (`/v8/finance/chart/{symbol}`) as daily bars in raw prices and the
 * splits and dividends in the range. The reply's open, high, low and close are adjusted for the
 * splits after each bar (its `adjclose` for dividends too); the bars are turned back into the
 * prices that traded by multiplying each bar before a split in the reply by its ratio (volume
 * divided), so that the data folder holds raw prices beside the splits that explain their jumps.
 * A split after `to` is not in the reply and cannot be undone: fetch up to today.
 *
 * Refused with a SourceReplyError naming the source and the symbol: a reply that is not the
 * layout, arrays of different lengths, a price that is not a positive number, a high below the
 * low. A row whose prices are all null (a day the source lists without trades) is skipped.
 */
export function parseChartReply(text: string, context: ChartReplyContext): SourceHistory {
  const fail = (reason: string): never => {
    throw new SourceReplyError(context.source, context.symbol, reason);
  };
  let reply: unknown;
  try {
    reply = JSON.parse(text);
  } catch (error) {
    return fail(`the reply is not JSON (${(error as Error).message}): ${JSON.stringify(text.slice(0, 80))}`);
  }
  const chart = isObject(reply) ? reply.chart : undefined;
  if (!isObject(chart)) return fail('the reply has no "chart" object');
  if (chart.error !== null && chart.error !== undefined) {
    const error = chart.error as Json;
    return fail(`the source answered with an error: ${String(error.code ?? '')} ${String(error.description ?? JSON.stringify(chart.error))}`.trim());
  }
  const results = chart.result;
  if (!Array.isArray(results) || results.length !== 1 || !isObject(results[0])) return fail('"chart.result" is not an array of one result');
  const result = results[0];
  const timestamps = result.timestamp ?? [];
  if (!Array.isArray(timestamps)) return fail('"timestamp" is not an array');
  const quote = isObject(result.indicators) && Array.isArray(result.indicators.quote) ? result.indicators.quote[0] : undefined;
  if (timestamps.length > 0 && !isObject(quote)) return fail('"indicators.quote[0]" is missing');
  const columns = { open: [], high: [], low: [], close: [], volume: [] } as Record<'open' | 'high' | 'low' | 'close' | 'volume', unknown[]>;
  for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) {
    const column = timestamps.length > 0 ? (quote as Json)[name] : [];
    if (!Array.isArray(column)) return fail(`"indicators.quote[0].${name}" is missing or not an array`);
    if (column.length !== timestamps.length) return fail(`"${name}" has ${column.length} values for ${timestamps.length} timestamps`);
    columns[name] = column;
  }

  const dateOf = (seconds: unknown, what: string): string => {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return fail(`${what}: time ${JSON.stringify(seconds)} is not epoch seconds`);
    return formatDate(zonedDate(seconds * 1000, context.timeZone));
  };

  const bars: DailyBar[] = [];
  for (let i = 0; i < timestamps.length; i++) {
    const date = dateOf(timestamps[i], `timestamp[${i}]`);
    const prices = (['open', 'high', 'low', 'close'] as const).map((name) => columns[name][i]);
    if (prices.every((price) => price === null) && (columns.volume[i] === null || columns.volume[i] === 0)) continue;
    const number = (name: 'open' | 'high' | 'low' | 'close' | 'volume'): number => {
      const value = columns[name][i];
      return typeof value === 'number' ? value : Number.NaN;
    };
    const bar = { date, open: number('open'), high: number('high'), low: number('low'), close: number('close'), volume: number('volume') };
    checkDailyBar(bar, context.source, context.symbol);
    if (bars.length > 0 && bars[bars.length - 1]!.date >= date) return fail(`timestamp[${i}] (${date}) is not after the bar before it (${bars[bars.length - 1]!.date})`);
    bars.push(bar);
  }

  const actions: CorporateAction[] = [];
  const events = isObject(result.events) ? result.events : {};
  for (const [key, event] of Object.entries(isObject(events.splits) ? events.splits : {})) {
    if (!isObject(event)) return fail(`split ${key} is not an object`);
    const numerator = event.numerator;
    const denominator = event.denominator;
    if (typeof numerator !== 'number' || typeof denominator !== 'number' || !(numerator > 0) || !(denominator > 0) || !Number.isFinite(numerator / denominator)) {
      return fail(`split ${key}: numerator ${JSON.stringify(numerator)} and denominator ${JSON.stringify(denominator)} are not positive numbers`);
    }
    actions.push(corporateAction('split', dateOf(event.date ?? Number(key), `split ${key}`), numerator / denominator));
  }
  for (const [key, event] of Object.entries(isObject(events.dividends) ? events.dividends : {})) {
    if (!isObject(event)) return fail(`dividend ${key} is not an object`);
    const amount = event.amount;
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) return fail(`dividend ${key}: amount ${JSON.stringify(amount)} is not a cash amount`);
    actions.push(corporateAction('dividend', dateOf(event.date ?? Number(key), `dividend ${key}`), amount));
  }

  const splits = actions.filter((a) => a.kind === 'split');
  const raw = bars.map((bar) => unadjusted(bar, splits));
  const rawActions = actions.map((a) => (a.kind === 'dividend' ? corporateAction('dividend', a.date, a.value * laterSplitFactor(a.date, splits)) : a));
  const inRange = (date: string) => date >= context.from && date <= context.to;
  return {
    bars: raw.filter((bar) => inRange(bar.date)),
    actions: rawActions.filter((a) => inRange(a.date)).sort((a, b) => (a.date === b.date ? byCodeUnits(a.kind, b.kind) : a.date < b.date ? -1 : 1)),
  };
}

/** The product of the ratios of the splits dated after `date`: what the source divided that day's prices by. */
function laterSplitFactor(date: string, splits: readonly CorporateAction[]): number {
  let factor = 1;
  for (const split of splits) if (split.date > date) factor *= split.value;
  return factor;
}

function unadjusted(bar: DailyBar, splits: readonly CorporateAction[]): DailyBar {
  const factor = laterSplitFactor(bar.date, splits);
  if (factor === 1) return bar;
  return { date: bar.date, open: bar.open * factor, high: bar.high * factor, low: bar.low * factor, close: bar.close * factor, volume: bar.volume / factor };
}
