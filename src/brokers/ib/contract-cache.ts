/** What qualification learned about one instrument, as kept between runs. */
export interface CachedContract {
  readonly symbol: string;
  /** The contract autofolio asked IB for (ibContract of the instrument), as text: a changed instrument asks again. */
  readonly key: string;
  readonly conId: number;
  readonly minTick: number;
  readonly longName: string;
  readonly minSize?: number;
  readonly sizeIncrement?: number;
  /** When IB answered, epoch ms. */
  readonly fetchedAt: number;
}

/** Where contract details survive between runs (the account's database). */
export interface ContractCacheStore {
  load(): Promise<readonly CachedContract[]>;
  save(entry: CachedContract): Promise<void>;
  /** Drops an entry IB no longer accepts, so the next qualification asks IB again. */
  forget(symbol: string): Promise<void>;
}

export class InMemoryContractCacheStore implements ContractCacheStore {
  readonly entries = new Map<string, CachedContract>();
  async load(): Promise<readonly CachedContract[]> {
    return [...this.entries.values()];
  }
  async save(entry: CachedContract): Promise<void> {
    this.entries.set(entry.symbol, entry);
  }
  async forget(symbol: string): Promise<void> {
    this.entries.delete(symbol);
  }
}
