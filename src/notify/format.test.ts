import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatLeverage,
  formatMoney,
  formatPercent,
  formatPrice,
  formatQuantity,
  formatSignedMoney,
  formatSignedPercent,
  formatUtc,
  formatZoned,
  oneLine,
} from './format.js';

describe('format', () => {
  it('formats money with thousands separators and two decimals, never as negative zero', () => {
    expect(formatMoney(1_234_567.891)).toBe('1,234,567.89');
    expect(formatMoney(-1_000)).toBe('-1,000.00');
    expect(formatMoney(-0.001)).toBe('0.00');
    expect(formatSignedMoney(4_930.5)).toBe('+4,930.50');
    expect(formatSignedMoney(-3)).toBe('-3.00');
    expect(formatSignedMoney(0)).toBe('0.00');
  });

  it('shows n/a for numbers that are not finite instead of NaN or Infinity', () => {
    expect(formatMoney(Number.NaN)).toBe('n/a');
    expect(formatSignedPercent(Number.POSITIVE_INFINITY)).toBe('n/a');
    expect(formatLeverage(Number.NaN)).toBe('n/a');
    expect(formatUtc(Number.NaN)).toBe('n/a');
  });

  it('formats ratios, quantities, prices and leverage', () => {
    expect(formatPercent(0.6104)).toBe('61.04%');
    expect(formatSignedPercent(0.0042)).toBe('+0.42%');
    expect(formatSignedPercent(-0.0042)).toBe('-0.42%');
    expect(formatQuantity(2_500)).toBe('2,500');
    expect(formatQuantity(0.12345678)).toBe('0.12345678');
    expect(formatPrice(96)).toBe('96.00');
    expect(formatPrice(1.08345)).toBe('1.08345');
    expect(formatLeverage(0.99361)).toBe('0.99x');
  });

  it('formats times in UTC and durations in units people read', () => {
    expect(formatUtc(Date.UTC(2025, 10, 14, 15, 35, 7))).toBe('2025-11-14 15:35:07 UTC');
    expect(formatDuration(412)).toBe('412 ms');
    expect(formatDuration(2_315)).toBe('2.3 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
  });

  it('formats times in the exchange\'s zone with its abbreviation, summer and winter', () => {
    expect(formatZoned(Date.UTC(2025, 10, 14, 15, 30), 'America/New_York')).toBe('2025-11-14 10:30 EST');
    expect(formatZoned(Date.UTC(2025, 6, 1, 13, 30), 'America/New_York')).toBe('2025-07-01 09:30 EDT');
    expect(formatZoned(Date.UTC(2025, 10, 14, 15, 30), 'America/Toronto')).toBe('2025-11-14 10:30 EST');
    expect(formatZoned(Date.UTC(2025, 10, 14, 15, 30), undefined)).toBe('2025-11-14 15:30 UTC');
    expect(formatZoned(Number.NaN, 'America/New_York')).toBe('n/a');
    expect(formatZoned(Date.UTC(2025, 10, 14, 15, 30, 7), 'America/New_York', { seconds: true })).toBe('2025-11-14 10:30:07 EST');
    expect(formatZoned(Date.UTC(2025, 10, 14, 15, 30, 7), undefined, { seconds: true })).toBe('2025-11-14 15:30:07 UTC');
  });

  it('puts text on one line and cuts it with an ellipsis', () => {
    expect(oneLine('a\n  b\tc ')).toBe('a b c');
    const cut = oneLine('x'.repeat(100), 80);
    expect(cut).toHaveLength(80);
    expect(cut.endsWith('…')).toBe(true);
    expect(oneLine('short', 80)).toBe('short');
    // Cutting never splits a character made of two UTF-16 units.
    expect(oneLine('😀'.repeat(10), 5)).toBe('😀😀😀😀…');
  });
});
