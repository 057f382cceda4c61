import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar } from '../domain/bar.js';
import { BarCursor, BarCursors, BarSeries, DAY_MS, barEnd as barEndOf, lastBarAtOrBefore as lastBarOf, lastCompletedBar as lastCompletedOf, lastKnownPrice as lastKnownOf, typicalInterval as intervalOf, windowOf } from './bar-series.js';

// The helpers read windows; these tests write their series as arrays of bars.
const barEnd = (bars: readonly Bar[], i: number) => barEndOf(windowOf(bars), i);
const lastBarAtOrBefore = (bars: readonly Bar[], t: number) => lastBarOf(windowOf(bars), t);
const lastCompletedBar = (bars: readonly Bar[], t: number) => lastCompletedOf(windowOf(bars), t);
const lastKnownPrice = (bars: readonly Bar[], t: number) => lastKnownOf(windowOf(bars), t);
const typicalInterval = (bars: readonly Bar[]) => intervalOf(Float64Array.from(bars, (b) => b.time));

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 2, 14, 30);

function bar(time: number, open: number, close: number): Bar {
  return { time, open, high: Math.max(open, close) + 1, low: Math.min(open, close) - 1, close, volume: 1000 };
}

// Hourly bars with an overnight gap after the third: 14:30, 15:30, 16:30, then 14:30 next day.
const hourly: readonly Bar[] = [bar(T0, 10, 11), bar(T0 + HOUR, 11, 12), bar(T0 + 2 * HOUR, 12, 13), bar(T0 + DAY_MS, 20, 21)];

type SlotMove = { readonly steps: readonly ({ step: number } | { jump: number })[]; readonly asked: number } | { readonly slot: number; readonly series: number };

describe('lastBarAtOrBefore', () => {
  it('finds the last bar started at or before a time', () => {
    expect(lastBarAtOrBefore(hourly, T0 - 1)).toBe(-1);
    expect(lastBarAtOrBefore(hourly, T0)).toBe(0);
    expect(lastBarAtOrBefore(hourly, T0 + HOUR - 1)).toBe(0);
    expect(lastBarAtOrBefore(hourly, T0 + HOUR)).toBe(1);
    expect(lastBarAtOrBefore(hourly, T0 + 10 * HOUR)).toBe(2);
    expect(lastBarAtOrBefore(hourly, T0 + 2 * DAY_MS)).toBe(3);
    expect(lastBarAtOrBefore([], T0)).toBe(-1);
  });

  it('agrees with a linear scan', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { maxLength: 30 }), fc.integer({ min: -10, max: 1010 }), (times, t) => {
        const bars = [...times].sort((a, b) => a - b).map((time) => bar(time, 1, 1));
        let expected = -1;
        bars.forEach((b, i) => {
          if (b.time <= t) expected = i;
        });
        expect(lastBarAtOrBefore(bars, t)).toBe(expected);
      }),
    );
  });
});

describe('typicalInterval and barEnd', () => {
  it('uses the median spacing, so an overnight gap does not lengthen the bars', () => {
    // Spacings 1h, 1h, 22h: median 1h.
    expect(typicalInterval(hourly)).toBe(HOUR);
    expect(barEnd(hourly, 0)).toBe(T0 + HOUR);
    expect(barEnd(hourly, 2)).toBe(T0 + 3 * HOUR);
    expect(barEnd(hourly, 3)).toBe(T0 + DAY_MS + HOUR);
  });

  it('averages the two middle spacings of an even count', () => {
    const bars = [bar(0, 1, 1), bar(10, 1, 1), bar(30, 1, 1)];
    // Spacings 10 and 20: median 15; the first bar ends when the next starts (10 < 15).
    expect(typicalInterval(bars)).toBe(15);
    expect(barEnd(bars, 0)).toBe(10);
    expect(barEnd(bars, 1)).toBe(25);
    expect(barEnd(bars, 2)).toBe(45);
  });

  it('gives a lone bar one day', () => {
    expect(barEnd([bar(T0, 1, 2)], 0)).toBe(T0 + DAY_MS);
  });

  it('rejects an index outside the series', () => {
    expect(() => barEnd(hourly, 4)).toThrow(RangeError);
  });
});

describe('lastKnownPrice', () => {
  it('is undefined before the first bar', () => {
    expect(lastKnownPrice(hourly, T0 - 1)).toBeUndefined();
  });

  it('gives the open of the bar in progress at its start, never its close', () => {
    expect(lastKnownPrice(hourly, T0)).toEqual({ price: 10, time: T0, barIndex: 0 });
    expect(lastKnownPrice(hourly, T0 + HOUR - 1)).toEqual({ price: 10, time: T0, barIndex: 0 });
    expect(lastKnownPrice(hourly, T0 + DAY_MS + 30 * 60_000)).toEqual({ price: 20, time: T0 + DAY_MS, barIndex: 3 });
  });

  it('gives the close of an ended bar at its end time', () => {
    // The 16:30 bar ended at 17:30; overnight its close is the latest price.
    expect(lastKnownPrice(hourly, T0 + 3 * HOUR)).toEqual({ price: 13, time: T0 + 3 * HOUR, barIndex: 2 });
    expect(lastKnownPrice(hourly, T0 + 12 * HOUR)).toEqual({ price: 13, time: T0 + 3 * HOUR, barIndex: 2 });
    expect(lastKnownPrice(hourly, T0 + 2 * DAY_MS)).toEqual({ price: 21, time: T0 + DAY_MS + HOUR, barIndex: 3 });
  });

  it('never reports a price from the future or a close before its bar ended', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 12_000 }), (times, t) => {
        const bars = [...times].sort((a, b) => a - b).map((time, i) => bar(time, i, 1000 + i));
        const known = lastKnownPrice(bars, t);
        if (known === undefined) return;
        expect(known.time).toBeLessThanOrEqual(t);
        const isClose = known.price >= 1000;
        if (isClose) expect(barEnd(bars, known.barIndex)).toBeLessThanOrEqual(t);
      }),
    );
  });
});

describe('lastCompletedBar', () => {
  it('skips the bar in progress', () => {
    expect(lastCompletedBar(hourly, T0 + 30 * 60_000)).toBe(-1);
    expect(lastCompletedBar(hourly, T0 + HOUR + 1)).toBe(0);
    expect(lastCompletedBar(hourly, T0 + 5 * HOUR)).toBe(2);
  });
});

describe('BarSeries windows', () => {
  const series = BarSeries.fromBars(hourly);

  it('share the columns of their series: asking for the bars known at a time copies nothing', () => {
    const windows = [series.window(1), series.window(3), series.windowUntil(T0 + HOUR), series.windowUntil(T0 + 2 * DAY_MS)];
    for (const w of windows) {
      expect(w.series).toBe(series);
      expect(w.series.columns.close).toBe(series.columns.close);
      expect(w.series.ends).toBe(series.ends);
    }
  });

  it('never show a bar past their length, though the series holds it', () => {
    // Two of four bars: 14:30 and 15:30 on the first day.
    const w = series.window(2);
    expect(w.toArray()).toEqual(hourly.slice(0, 2));
    expect(() => w.bar(2)).toThrow(RangeError);
    expect(() => barEndOf(w, 2)).toThrow(RangeError);
    // Asked about a time long after, the helpers still stop at the window's last bar.
    const later = T0 + 2 * DAY_MS;
    expect(lastBarOf(w, later)).toBe(1);
    expect(lastCompletedOf(w, later)).toBe(1);
    expect(lastKnownOf(w, later)).toEqual({ price: 12, time: T0 + 2 * HOUR, barIndex: 1 });
  });

  it('hand back the same window object for the same count, so a clock asking between two bars gets one answer', () => {
    expect(series.window(2)).toBe(series.window(2));
    // 15:30 and 16:29 both see the bars started by 15:30.
    const first = series.windowUntil(T0 + HOUR);
    expect(series.windowUntil(T0 + 2 * HOUR - 1)).toBe(first);
    expect(series.windowUntil(T0 + 2 * HOUR)).not.toBe(first);
  });

  it('clamp a count outside the series to its bounds', () => {
    expect(series.window(-1)).toHaveLength(0);
    expect(series.window(99)).toHaveLength(hourly.length);
    expect(series.window(99).toArray()).toEqual(hourly);
  });
});

describe('BarSeries.windowUntil', () => {
  it('holds the bars started at or before the time, as a linear count finds them', () => {
    const odd = BarSeries.fromBars([1, 3, 5, 7].map((time) => bar(time, 1, 1)));
    for (let until = 0; until <= 8; until += 1) {
      expect(odd.windowUntil(until).length).toBe([1, 3, 5, 7].filter((time) => time <= until).length);
    }
  });

  it('agrees with a linear count for any sorted series and time', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { maxLength: 30 }), fc.integer({ min: -10, max: 1010 }), (times, t) => {
        const sorted = [...times].sort((a, b) => a - b);
        const window = BarSeries.fromBars(sorted.map((time) => bar(time, 1, 1))).windowUntil(t);
        expect(window.toArray().map((b) => b.time)).toEqual(sorted.filter((time) => time <= t));
      }),
    );
  });

  it('refuses a series that is not sorted by strictly increasing start', () => {
    expect(() => BarSeries.fromBars([bar(2, 1, 1), bar(1, 1, 1)])).toThrow(RangeError);
    expect(() => BarSeries.fromBars([bar(1, 1, 1), bar(1, 1, 1)])).toThrow(/bar 1 starts at 1, not after the previous bar/);
  });
});

describe('cursors over a series', () => {
  // Times that move forward by any steps (none, within a bar, across many bars) and sometimes
  // go back: a cursor must answer each as a binary search over the whole series would.
  const times = fc.uniqueArray(fc.integer({ min: 0, max: 2000 }), { maxLength: 60 }).map((starts) => [...starts].sort((a, b) => a - b));
  const questions = fc.array(fc.oneof(fc.integer({ min: 0, max: 300 }).map((step) => ({ step })), fc.integer({ min: -50, max: 2100 }).map((jump) => ({ jump }))), { maxLength: 80 });
  // Bars whose open and close differ, so that a price read from the wrong field shows.
  const cursorOver = (starts: readonly number[]) => {
    const series = BarSeries.fromBars(starts.map((time) => bar(time, time + 1, time + 2)));
    return { series, cursor: new BarCursor(series), whole: series.window(series.length) };
  };
  const walk = (steps: readonly ({ step: number } | { jump: number })[], each: (time: number) => void): void => {
    let time = -10;
    for (const question of steps) {
      time = 'step' in question ? time + question.step : question.jump;
      each(time);
    }
  };

  /**
   * Plays a script on a BarCursors: a move puts one of `all` (or none, -1) in a slot, or walks the
   * clock asking for the first `asked` slots' known prices, each checked against the slot's series.
   */
  function playSlots(all: readonly { series: BarSeries; whole: ReturnType<BarSeries['window']> }[], moves: readonly SlotMove[]): void {
    const cursors = new BarCursors();
    const held: (number | undefined)[] = [];
    const out = new Float64Array(6);
    for (const move of moves) {
      if ('slot' in move) {
        const pick = move.series < 0 ? undefined : move.series;
        while (held.length <= move.slot) held.push(undefined);
        held[move.slot] = pick;
        cursors.set(move.slot, pick === undefined ? undefined : all[pick]!.series);
        continue;
      }
      // Some questions leave the last slots out, as a valuation does when positions close.
      const asked = Math.min(move.asked, held.length);
      walk(move.steps, (time) => {
        cursors.knownPriceValuesAt(time, asked, out);
        held.slice(0, asked).forEach((pick, slot) => {
          expect(cursors.seriesAt(slot)).toBe(pick === undefined ? undefined : all[pick]!.series);
          expect(out[slot]).toBe(pick === undefined ? Number.NaN : (lastKnownOf(all[pick]!.whole, time)?.price ?? Number.NaN));
        });
      });
    }
  }

  it('count the bars started by each time as a binary search does, for any sequence of times', () => {
    fc.assert(
      fc.property(times, questions, (starts, steps) => {
        const { series, cursor, whole } = cursorOver(starts);
        walk(steps, (time) => {
          const expected = lastBarOf(whole, time) + 1;
          expect(cursor.countUntil(time)).toBe(expected);
          expect(series.countUntil(time)).toBe(expected);
        });
      }),
    );
  });

  it('count as a linear scan does, for moves of any length either way and times asked again', () => {
    // Moves of every size a search may bracket: a bar or two (marks), tens (decisions), hundreds, back as far.
    const move = fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 3 }), fc.integer({ min: -40, max: 40 }), fc.integer({ min: -700, max: 700 }));
    const starts = fc.uniqueArray(fc.integer({ min: 0, max: 600 }), { maxLength: 300 }).map((drawn) => [...drawn].sort((a, b) => a - b));
    fc.assert(
      fc.property(starts, fc.integer({ min: -10, max: 610 }), fc.array(move, { maxLength: 60 }), (times, first, moves) => {
        const { series, cursor, whole } = cursorOver(times);
        const cursors = new BarCursors();
        cursors.set(0, series);
        const out = new Float64Array(1);
        let time = first;
        for (const by of [0, ...moves]) {
          time += by;
          const expected = times.filter((start) => start <= time).length;
          expect(cursor.countUntil(time)).toBe(expected);
          expect(series.countUntil(time)).toBe(expected);
          cursors.knownPriceValuesAt(time, 1, out);
          expect(out[0]).toBe(lastKnownOf(whole, time)?.price ?? Number.NaN);
        }
      }),
    );
  });

  it('give the last known price and its time, the known quote and the last completed bar of the whole series, for any sequence of times', () => {
    fc.assert(
      fc.property(times, questions, (starts, steps) => {
        const { series, cursor, whole } = cursorOver(starts);
        walk(steps, (time) => {
          expect(cursor.knownPriceValueAt(time)).toBe(lastKnownOf(whole, time)?.price);
          expect(series.knownPriceValueAt(time)).toBe(lastKnownOf(whole, time)?.price);
          expect(series.knownPriceAt(time)).toEqual(lastKnownOf(whole, time));
          expect(series.knownPriceTimeAt(time)).toBe(lastKnownOf(whole, time)?.time);
          expect(series.lastCompletedAt(time)).toBe(lastCompletedOf(whole, time));
        });
      }),
    );
  });

  it('held many to a set give slots whose series share their columns of starts and ends each its own price, from any place, while time moves either way', () => {
    // Series on one column of starts and one of ends, as the files of a folder load, each with
    // its own prices; slots join and leave them, so neighbours share columns from different places.
    const script = fc.array(fc.oneof(fc.record({ steps: questions, asked: fc.integer({ min: 0, max: 6 }) }), fc.record({ slot: fc.integer({ min: 0, max: 5 }), series: fc.integer({ min: -1, max: 3 }) })), { maxLength: 14 });
    fc.assert(
      fc.property(times, script, (starts, moves) => {
        const first = BarSeries.fromBars(starts.map((time) => bar(time, time + 1, time + 2)));
        const all = [1, 2, 3, 4].map((scale) => {
          const columns = { ...first.columns, open: first.columns.open.map((open) => open * scale), close: first.columns.close.map((close) => close * scale + 0.5) };
          const series = new BarSeries(columns, first.ends);
          return { series, whole: series.window(series.length) };
        });
        playSlots(all, moves);
      }),
    );
  });

  it('held many to a set answer a slot left out while time went back as if it had been asked', () => {
    const { series, whole } = cursorOver([0, 10, 20, 30, 40]);
    const cursors = new BarCursors();
    const out = new Float64Array(2);
    cursors.set(0, series);
    cursors.set(1, series);
    cursors.knownPriceValuesAt(45, 2, out);
    cursors.knownPriceValuesAt(5, 1, out);
    cursors.knownPriceValuesAt(25, 2, out);
    expect([...out]).toEqual([lastKnownOf(whole, 25)!.price, lastKnownOf(whole, 25)!.price]);
  });

  it('held many to a set give each slot asked the last known price of its series, NaN without one, while slots change series and time moves either way', () => {
    const change = fc.record({ slot: fc.integer({ min: 0, max: 5 }), series: fc.integer({ min: -1, max: 2 }) });
    fc.assert(
      fc.property(fc.array(times, { minLength: 3, maxLength: 3 }), fc.array(fc.oneof(fc.record({ steps: questions, asked: fc.integer({ min: 0, max: 6 }) }), change), { maxLength: 12 }), (starts, script) => {
        playSlots(starts.map(cursorOver), script);
      }),
    );
  });
});

