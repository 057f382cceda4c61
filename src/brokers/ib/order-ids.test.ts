import { describe, expect, it } from 'vitest';
import { InMemoryOrderIdStore, OrderIdAllocator } from './order-ids.js';

describe('OrderIdAllocator', () => {
  it('starts at nextValidId on a fresh account and saves each id before handing it out', async () => {
    const store = new InMemoryOrderIdStore();
    const ids = new OrderIdAllocator(store);
    await ids.start(17);
    expect(await ids.take()).toBe(17);
    expect(store.value).toBe(18);
    expect(await ids.take()).toBe(18);
    expect(store.value).toBe(19);
  });

  it('moves past the highest recorded id when a Gateway restart rolled nextValidId back', async () => {
    const store = new InMemoryOrderIdStore();
    store.value = 120;
    const ids = new OrderIdAllocator(store);
    await ids.start(3);
    expect(await ids.take()).toBe(120);
  });

  it('moves past ids seen in open orders, so IB never answers 103 duplicate order id', async () => {
    const ids = new OrderIdAllocator(new InMemoryOrderIdStore());
    await ids.start(5);
    ids.observe(40);
    ids.observe(12);
    expect(await ids.take()).toBe(41);
  });

  it('refuses to hand out ids before it knows nextValidId', async () => {
    await expect(new OrderIdAllocator(new InMemoryOrderIdStore()).take()).rejects.toThrow(/connect first/);
  });

  it('never hands out one id twice across a reconnect', async () => {
    const store = new InMemoryOrderIdStore();
    const first = new OrderIdAllocator(store);
    await first.start(1);
    const a = [await first.take(), await first.take()];
    const second = new OrderIdAllocator(store);
    await second.start(1);
    expect(a).not.toContain(await second.take());
  });
});
