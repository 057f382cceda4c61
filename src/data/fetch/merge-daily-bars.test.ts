import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeDailyBars } from './merge-daily-bars.js';

const bar = (date: string, close: number) => ({ date, open: close, high: close, low: close, close, volume: 10 });

describe('mergeDailyBars', () => {
  it('adds new dates, counts a changed bar as corrected, and leaves equal bars alone', () => {
    const merged = mergeDailyBars([bar('2025-01-02', 10), bar('2025-01-03', 11)], [bar('2025-01-03', 11.5), bar('2025-01-06', 12)]);
    expect(merged.added).toBe(1);
    expect(merged.corrected).toBe(1);
    expect(merged.bars.map((b) => [b.date, b.close])).toEqual([['2025-01-02', 10], ['2025-01-03', 11.5], ['2025-01-06', 12]]);
    expect(mergeDailyBars(merged.bars, [bar('2025-01-06', 12)])).toMatchObject({ added: 0, corrected: 0 });
  });

  it('binary noise below the twelve digits a file keeps is not a correction', () => {
    expect(mergeDailyBars([bar('2025-01-02', 0.3)], [bar('2025-01-02', 0.1 + 0.2)]).corrected).toBe(0);
  });

  it('loses no date and keeps one bar per date, oldest first, for any two series', () => {
    const dates = fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 40 }).map((days) => days.map((d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)).sort());
    fc.assert(
      fc.property(dates, dates, (old, fresh) => {
        const merged = mergeDailyBars(old.map((d) => bar(d, 1)), fresh.map((d) => bar(d, 2)));
        const all = [...new Set([...old, ...fresh])].sort();
        expect(merged.bars.map((b) => b.date)).toEqual(all);
        expect(merged.added).toBe(all.length - old.length);
        expect(merged.corrected).toBe(fresh.filter((d) => old.includes(d)).length);
      }),
    );
  });
});
