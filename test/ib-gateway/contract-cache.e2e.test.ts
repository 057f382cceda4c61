import { afterEach, describe, expect, it } from 'vitest';
import { InMemoryContractCacheStore } from '../../src/brokers/ib/contract-cache.js';
import type { Clock } from '../../src/domain/clock.js';
import { OUT } from './client-messages.js';
import { SPY, XIU, startRig, type Rig } from './harness.js';

const DAY = 86_400_000;

/** A clock the test moves by hand: the age of kept contracts is measured on it. */
function handClock(start: number): Clock & { time: number } {
  const clock = { time: start, now: () => clock.time, sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };
  return clock;
}

describe('contract details kept across runs', () => {
  let rig: Rig;
  afterEach(async () => rig?.stop());

  it('a later session takes them from the store without asking IB; past broker.contractCacheDays it asks again', async () => {
    rig = await startRig();
    const store = new InMemoryContractCacheStore();
    const clock = handClock(Date.parse('2024-01-03T15:00:00Z'));
    const requests = () => rig.gateway.messageCount(OUT.REQ_CONTRACT_DATA);
    const session = async (work: (broker: ReturnType<Rig['broker']>) => Promise<unknown>) => {
      const broker = rig.broker({ contractCacheDays: 7 }, { contracts: store, clock });
      await broker.connect();
      await work(broker);
      await broker.disconnect();
    };

    await session((b) => b.quotes([SPY, XIU]));
    expect(requests()).toBe(2);
    expect(store.entries.get('SPY')).toMatchObject({ conId: 756733, minTick: 0.01 });
    clock.time += 6 * DAY;
    await session((b) => b.quotes([SPY, XIU]));
    expect(requests()).toBe(2);
    clock.time += 2 * DAY;
    await session((b) => b.quotes([SPY]));
    expect(requests()).toBe(3);
    expect(store.entries.get('SPY')!.fetchedAt).toBe(clock.time);
  });

  it('a kept contract IB refuses (200, e.g. a new conId after a corporate action) is asked for again once, and the quote goes through', async () => {
    rig = await startRig();
    const store = new InMemoryContractCacheStore();
    const clock = handClock(Date.parse('2024-01-03T15:00:00Z'));
    await store.save({ symbol: 'SPY', key: '["SPY","STK","SMART","USD",""]', conId: 1, minTick: 0.01, longName: 'old', fetchedAt: clock.time });
    const broker = rig.broker({}, { contracts: store, clock });
    await broker.connect();
    const [quote] = await broker.quotes([SPY]);
    expect(quote).toMatchObject({ symbol: 'SPY', bid: 99.98, ask: 100.02 });
    expect(rig.gateway.messageCount(OUT.REQ_CONTRACT_DATA)).toBe(1);
    expect(store.entries.get('SPY')!.conId).toBe(756733);
    expect(rig.logs.join('\n')).toMatch(/IB refused the kept contract of SPY/);
  });
});

describe('market data lines', () => {
  let rig: Rig;
  afterEach(async () => rig?.stop());

  it('quotes wait for a free line: at broker.marketDataLines no snapshot is refused (101); set above the account\'s lines, IB refuses', async () => {
    rig = await startRig();
    rig.gateway.marketDataLines = 3;
    rig.gateway.snapshotDelayMs = 100;
    const within = rig.broker({ marketDataLines: 3 });
    await within.connect();
    const quotes = await within.quotes(Array.from({ length: 12 }, () => SPY));
    expect(quotes).toHaveLength(12);
    expect(rig.gateway.linesRefused).toBe(0);
    expect(rig.gateway.peakOpenLines).toBe(3);
    await within.disconnect();

    const above = rig.broker({ marketDataLines: 12 });
    await above.connect();
    await expect(above.quotes(Array.from({ length: 12 }, () => SPY))).rejects.toThrow(/IB 101 Max number of tickers has been reached.*broker\.marketDataLines/);
    expect(rig.gateway.linesRefused).toBeGreaterThan(0);
  });
});
