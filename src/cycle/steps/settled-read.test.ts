import { describe, expect, it } from 'vitest';
import type { Fill } from '../../domain/order.js';
import { FillsInFlightError, SETTLE_READS, settledRead } from './settled-read.js';

const fill = (execId: string): Fill => ({ execId, brokerOrderId: '1', tag: 'r-1:SPY', symbol: 'SPY', side: 'BUY', quantity: 1, price: 100, commission: 1, currency: 'USD', time: 0 });

describe('settledRead', () => {
  it('reads again after a collection that found new fills, and returns the read that no new fill followed', async () => {
    const arrivals = [[fill('a')], [fill('b')], []];
    let reads = 0;
    const result = await settledRead(async () => ++reads, async () => arrivals.shift() ?? []);
    expect(result).toEqual({ value: 3, fills: [fill('a'), fill('b')] });
  });

  it('gives up, rather than compare a stale read, when fills keep arriving', async () => {
    let reads = 0;
    const error = await settledRead(async () => ++reads, async () => [fill(`x${reads}`)]).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(FillsInFlightError);
    expect(reads).toBe(SETTLE_READS);
  });
});
