/** Where the next order id survives a restart (the account's database). */
export interface OrderIdStore {
  /** The id the next order would take, as last saved; undefined on a fresh account. */
  load(): Promise<number | undefined>;
  save(next: number): Promise<void>;
}

/**
 * Hands out IB order ids. IB wants every new id above any id the client id used before, and
 * an IB Gateway restart can roll its nextValidId back, so the counter starts at
 * max(nextValidId, highest id recorded + 1) and is saved before each order is sent: the
 * intent is recorded before the effect, and a crash right after sending never reuses an id.
 */
export class OrderIdAllocator {
  readonly #store: OrderIdStore;
  #next: number | undefined;
  #saving: Promise<void> = Promise.resolve();

  constructor(store: OrderIdStore) {
    this.#store = store;
  }

  /** Called with nextValidId on connect (and after reqIds). */
  async start(nextValidId: number): Promise<void> {
    const stored = (await this.#store.load()) ?? 0;
    this.#next = Math.max(nextValidId, stored, this.#next ?? 0);
  }

  /** An id seen in openOrder / orderStatus / executions: later ids must be above it. */
  observe(id: number): void {
    if (this.#next !== undefined && Number.isInteger(id) && id >= this.#next) this.#next = id + 1;
  }

  /** The next id, already persisted as used. */
  async take(): Promise<number> {
    if (this.#next === undefined) throw new Error('order ids are not ready: connect first');
    const id = this.#next;
    this.#next = id + 1;
    const next = this.#next;
    // Saves are chained so that a slow save never overwrites a later one.
    this.#saving = this.#saving.then(() => this.#store.save(next));
    await this.#saving;
    return id;
  }

  get next(): number | undefined {
    return this.#next;
  }
}

export class InMemoryOrderIdStore implements OrderIdStore {
  value: number | undefined;
  async load(): Promise<number | undefined> {
    return this.value;
  }
  async save(next: number): Promise<void> {
    this.value = Math.max(next, this.value ?? 0);
  }
}
