import { SqliteDocuments } from '../store/sqlite-documents.js';
import type { Database } from '../store/sqlite.js';
import type { FiredKey, TriggerKind } from './triggers.js';

/** The last trigger a scheduler fired, kept so that a restart never fires it again. */
export interface FiredRecord extends FiredKey {
  readonly session: string;
  /** When it was fired (the clock's time), epoch ms UTC. */
  readonly firedAt: number;
  readonly runId?: string;
  readonly outcome?: string;
}

/** Where the scheduler keeps its last fired trigger: SQLite for the daemon, memory in tests. */
export interface FiredStore {
  last(): Promise<FiredRecord | undefined>;
  save(record: FiredRecord): Promise<void>;
}

const KEY = 'schedule:last-fired';

/** The account's documents table holds the record, so it lives and is backed up with the account. */
export class SqliteFiredStore implements FiredStore {
  readonly #documents: SqliteDocuments;

  constructor(db: Database, account: string) {
    this.#documents = new SqliteDocuments(db, account);
  }

  async last(): Promise<FiredRecord | undefined> {
    return checkFiredRecord(await this.#documents.load(KEY));
  }

  save(record: FiredRecord): Promise<void> {
    return this.#documents.save(KEY, record);
  }
}

export class MemoryFiredStore implements FiredStore {
  #record: FiredRecord | undefined;
  constructor(record?: FiredRecord) {
    this.#record = record;
  }
  async last(): Promise<FiredRecord | undefined> {
    return this.#record;
  }
  async save(record: FiredRecord): Promise<void> {
    this.#record = record;
  }
}

const KINDS: readonly TriggerKind[] = ['trade', 'end-of-day'];

/** A stored record that does not look like one is refused rather than guessed at: it guards against firing twice. */
function checkFiredRecord(value: unknown): FiredRecord | undefined {
  if (value === undefined) return undefined;
  const r = value as Partial<FiredRecord>;
  if (typeof r.time !== 'number' || !KINDS.includes(r.kind as TriggerKind) || typeof r.session !== 'string' || typeof r.firedAt !== 'number') {
    throw new Error(`the stored last fired trigger (documents key ${KEY}) is malformed: ${JSON.stringify(value)}; delete that row to start the schedule afresh`);
  }
  return r as FiredRecord;
}
