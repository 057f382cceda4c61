import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/brokers/ib/index.js';
import { runIn } from './account-dir.js';
import { OUT } from './client-messages.js';
import { StandInGateway } from './stand-in-gateway.js';
import { wideAccountDir, wideGatewayState } from './wide-account.js';

const COUNT = 500;
// IB's rates on a tenth of the time: the stand-in allows 50 messages per 100 ms and the adapter
// sends 45 per 100 ms (its limiter on the same window, the library's own backstop lifted), so a
// run takes a tenth of its live time and the two rates stand as they do at IB.
const WINDOW_MS = 100;
const LINES = 20;

/** The messages the gateway received from `from` on, by kind. */
function received(gateway: StandInGateway, from: number): { total: number; contracts: number; quotes: number; orders: number } {
  const fields = gateway.state.received.slice(from).map((m) => Number(m.fields[0]));
  const count = (id: number) => fields.filter((f) => f === id).length;
  return { total: fields.length, contracts: count(OUT.REQ_CONTRACT_DATA), quotes: count(OUT.REQ_MKT_DATA), orders: count(OUT.PLACE_ORDER) };
}

describe(`a live cycle of ${COUNT} instruments at IB's pacing floor`, () => {
  let gateway: StandInGateway | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await gateway?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the first run asks for each contract, quote and order once; the second only for the quotes: within 1.2× of what they need, no pacing violation, market data lines respected', async () => {
    gateway = new StandInGateway(wideGatewayState(COUNT));
    gateway.pacingWindowMs = WINDOW_MS;
    gateway.marketDataLines = LINES;
    // Snapshots that take a moment, so that requests overlap and the lines fill up.
    gateway.snapshotDelayMs = 50;
    const port = await gateway.start();
    let config: string;
    ({ dir, config } = wideAccountDir(port, COUNT, `, marketDataLines: ${LINES}`));
    const pacing = () => ({ ibPacing: { limiter: new RateLimiter(45, { windowMs: WINDOW_MS }), libraryMaxPerSecond: 100_000 } });

    const first = await runIn(config, pacing());
    expect(first.problems).toEqual([]);
    expect(first.ordersSent).toBe(COUNT);
    const afterFirst = gateway.state.received.length;
    const one = received(gateway, 0);
    const second = await runIn(config, pacing());
    expect(second.problems).toEqual([]);
    expect(second.ordersSent).toBe(0);
    const two = received(gateway, afterFirst);
    console.log(`first run: ${JSON.stringify(one)}; second run: ${JSON.stringify(two)}; peak open snapshots ${gateway.peakOpenLines} of ${LINES}`);

    expect(one).toMatchObject({ contracts: COUNT, quotes: COUNT, orders: COUNT });
    expect(one.total).toBeLessThanOrEqual(1.2 * (one.contracts + one.quotes + one.orders));
    // The contracts come from the account's database; the snapshot values the positions at IB's marks.
    expect(two).toMatchObject({ contracts: 0, quotes: COUNT, orders: 0 });
    expect(two.total).toBeLessThanOrEqual(1.2 * (two.quotes + two.orders));
    expect(second.snapshot!.positions).toHaveLength(COUNT);
    expect(gateway.pacingViolations).toBe(0);
    expect(gateway.linesRefused).toBe(0);
    expect(gateway.peakOpenLines).toBeLessThanOrEqual(LINES);
  }, 120_000);
});
