import { describe, expect, it } from 'vitest';
import { windowOf } from '../../data/bar-series.js';
import { BarsMarketView } from './market-view.js';
import { PaperMatchingEngine } from './matching.js';
import { SPY, USDCAD, at, dailyBar, flatBars, intent, paperConfig } from './paper-broker.fixture.js';
import { newPaperState } from './paper-state.js';

// The backtester drives the engine directly, without the facade's clock and store.
function engineAt(time: number) {
  return new PaperMatchingEngine({ config: paperConfig, baseCurrency: 'USD', instruments: [SPY, USDCAD], state: newPaperState({ USD: 100_000 }, time, 'test') });
}

describe('PaperMatchingEngine driven bar by bar', () => {
  const bars = [dailyBar(0, 100, 101, 98, 100, 10_000), dailyBar(1, 100, 100.5, 99.5, 100, 10_000), dailyBar(2, 100, 100, 98.5, 99, 10_000)];
  const series = new Map([
    ['SPY', windowOf(bars)],
    ['USDCAD', windowOf(flatBars(1.25, 0))],
  ]);

  it('ignores a bar that ended before the order was placed', () => {
    const engine = engineAt(at(0));
    const order = engine.place(intent('BUY', 'SPY', 10, 99), new BarsMarketView(series, at(1, 6)));
    expect(order.status).toBe('submitted');
    // Day 0 (low 98) ended at day 1 00:00, before the order.
    expect(engine.matchBar('SPY', bars[0]!, at(1))).toEqual([]);
    // Day 1 (low 99.5) ends after it but stays above the limit; day 2 (low 98.5) fills at 99.
    expect(engine.advance(series, at(2, 1))).toEqual([]);
    expect(engine.advance(series, at(3, 1))).toMatchObject([{ quantity: 10, price: 99, time: at(3) }]);
    expect(engine.state.processedUntil).toBe(at(3, 1));
  });

  it('matches each ended bar once, however the time is cut into steps', () => {
    const stepped = engineAt(at(0));
    const jumped = engineAt(at(0));
    for (const engine of [stepped, jumped]) engine.place(intent('BUY', 'SPY', 2000, 99.8), new BarsMarketView(series, at(0, 12)));
    // 2,000 at 10% of 10,000 per bar: day 0 (low 98) fills 1,000, day 1 (low 99.5) the other 1,000.
    for (let hour = 13; hour <= 72; hour++) stepped.advance(series, at(0, hour));
    jumped.advance(series, at(3));
    expect(stepped.state.fills.map((f) => [f.quantity, f.price, f.time])).toEqual([
      [1000, 99.8, at(1)],
      [1000, 99.8, at(2)],
    ]);
    expect(jumped.state.fills).toEqual(stepped.state.fills);
  });
});
