import { corporateAction } from '../../../domain/corporate-action.js';
import { describe, expect, it } from 'vitest';
import { SourceReplyError } from '../market-data-source.js';
import { parseChartReply } from './parse-chart-reply.js';
import { thrownBy } from '../../../../test/thrown-by.js';

const CONTEXT = { source: 'yahoo', symbol: 'SPY', timeZone: 'America/New_York', from: '2024-06-01', to: '2024-06-30' };
const stamp = (date: string) => Date.parse(`${date}T13:30:00Z`) / 1000;

function reply(overrides: { quote?: Record<string, unknown>; timestamp?: unknown; events?: unknown; error?: unknown } = {}): string {
  const dates = ['2024-06-06', '2024-06-07', '2024-06-10', '2024-06-11'];
  return JSON.stringify({
    chart: {
      result: [
        {
          meta: { symbol: 'SPY', exchangeTimezoneName: 'America/New_York' },
          timestamp: overrides.timestamp ?? dates.map(stamp),
          indicators: { quote: [{ open: [30, 31, 121, 122], high: [31, 32, 123, 124], low: [29, 30, 120, 121], close: [30.5, 31.5, 122, 123], volume: [400, 400, 100, 100], ...overrides.quote }], adjclose: [{ adjclose: [30, 31, 121, 122] }] },
          events: overrides.events ?? {
            splits: { [stamp('2024-06-10')]: { date: stamp('2024-06-10'), numerator: 4, denominator: 1, splitRatio: '4:1' } },
            dividends: { [stamp('2024-06-07')]: { amount: 0.13, date: stamp('2024-06-07') } },
          },
        },
      ],
      error: overrides.error ?? null,
    },
  });
}

function refusal(text: string): string {
  return thrownBy(SourceReplyError, () => parseChartReply(text, CONTEXT)).message;
}

describe('parseChartReply', () => {
  it('gives raw prices: the bars before a split multiplied back by its ratio, the dividend per old share', () => {
    const history = parseChartReply(reply(), CONTEXT);
    expect(history.bars.map((b) => [b.date, b.close, b.volume])).toEqual([
      ['2024-06-06', 122, 100],
      ['2024-06-07', 126, 100],
      ['2024-06-10', 122, 100],
      ['2024-06-11', 123, 100],
    ]);
    expect(history.actions).toEqual([
      corporateAction('dividend', '2024-06-07', 0.52),
      corporateAction('split', '2024-06-10', 4),
    ]);
  });

  it('a reverse split is a value below one', () => {
    const history = parseChartReply(reply({ events: { splits: { x: { date: stamp('2024-06-10'), numerator: 1, denominator: 10 } } } }), CONTEXT);
    expect(history.actions).toEqual([corporateAction('split', '2024-06-10', 0.1)]);
    expect(history.bars[0]!.close).toBeCloseTo(3.05, 10);
  });

  it('dates each bar by the exchange\'s day, and keeps only the range asked for', () => {
    const history = parseChartReply(reply(), { ...CONTEXT, from: '2024-06-07', to: '2024-06-10' });
    expect(history.bars.map((b) => b.date)).toEqual(['2024-06-07', '2024-06-10']);
  });

  it('skips a day listed without any price', () => {
    const history = parseChartReply(reply({ quote: { open: [30, null, 121, 122], high: [31, null, 123, 124], low: [29, null, 120, 121], close: [30.5, null, 122, 123], volume: [400, null, 100, 100] } }), CONTEXT);
    expect(history.bars.map((b) => b.date)).toEqual(['2024-06-06', '2024-06-10', '2024-06-11']);
  });

  it.each([
    ['text that is not JSON', '<html>rate limited</html>', /yahoo: SPY: the reply is not JSON/],
    ['an error object', reply({ error: { code: 'Not Found', description: 'No data found' } }), /yahoo: SPY: the source answered with an error: Not Found No data found/],
    ['no chart', '{}', /yahoo: SPY: the reply has no "chart" object/],
    ['a missing close array', reply({ quote: { close: undefined } }), /"indicators\.quote\[0\]\.close" is missing/],
    ['arrays of different lengths', reply({ quote: { volume: [1, 2, 3] } }), /"volume" has 3 values for 4 timestamps/],
    ['a negative price', reply({ quote: { low: [29, -30, 120, 121] } }), /2024-06-07: low -30 is not a positive price/],
    ['a NaN price', reply({ quote: { close: [30.5, 'NaN', 122, 123] } }), /2024-06-07: close NaN is not a positive price/],
    ['a null price beside others', reply({ quote: { high: [31, null, 123, 124] } }), /2024-06-07: high NaN is not a positive price/],
    ['a high below the low', reply({ quote: { high: [31, 25, 123, 124] } }), /2024-06-07: high 25 is below low 30/],
    ['times out of order', reply({ timestamp: [stamp('2024-06-07'), stamp('2024-06-06'), stamp('2024-06-10'), stamp('2024-06-11')] }), /timestamp\[1\] \(2024-06-06\) is not after/],
    ['a split of zero shares', reply({ events: { splits: { x: { date: stamp('2024-06-10'), numerator: 0, denominator: 1 } } } }), /split x: numerator 0 and denominator 1 are not positive/],
  ])('refuses %s, naming the source and the symbol', (_name, text, message) => {
    expect(refusal(text)).toMatch(message);
  });
});
