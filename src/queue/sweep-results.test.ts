import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SweepRow } from '../backtest/sweep-grid.js';
import { decodeRow, encodeRow } from './sweep-results.js';

const anyNumber = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0));

describe('a sweep row stored as text', () => {
  it('reads back as the row the worker thread returned, NaN, ±Infinity and -0 included', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('lookback', 'grossExposure'), fc.double({ noNaN: true, noDefaultInfinity: true })), fc.dictionary(fc.constantFrom('twr', 'sharpe', 'maxDrawdown'), fc.option(anyNumber)), anyNumber, fc.nat(), fc.option(fc.string(), { nil: undefined }), (params, metrics, finalEquity, fills, error) => {
        const row = { params, metrics, finalEquity, orders: fills, fills, ...(error !== undefined ? { error } : {}) } as unknown as SweepRow;
        expect(decodeRow(encodeRow(row))).toEqual(row);
      }),
    );
  });

  it('keeps an error row\'s NaN final equity a number: JSON alone would make it null', () => {
    const row = { params: { lookback: 20 }, metrics: {}, finalEquity: Number.NaN, orders: 0, fills: 0, error: 'grossExposure: too big' } as unknown as SweepRow;
    expect(JSON.parse(JSON.stringify(row)).finalEquity).toBeNull();
    expect(decodeRow(encodeRow(row)).finalEquity).toBeNaN();
  });
});
