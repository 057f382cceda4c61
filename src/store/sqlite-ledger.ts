import type { Generated, Kysely, Selectable } from 'kysely';
import type { LedgerEntry, EntryKind } from '../ledger/ledger-entry.js';
import type { LedgerStore, RateRecord, SentQuote } from '../ledger/ledger-store.js';
import type { Database } from './sqlite.js';

type LedgerEntriesTable = {
  id: Generated<number>;
  account: string;
  time: string;
  kind: string;
  currency: string;
  amount_minor: number;
  symbol: string | null;
  quantity: number | null;
  price: number | null;
  multiplier: number | null;
  commission_minor: number | null;
  cost_minor: number | null;
  counter_currency: string | null;
  counter_minor: number | null;
  exec_id: string | null;
  rate_to_base: number | null;
  note: string | null;
};

type LedgerTables = {
  ledger_entries: LedgerEntriesTable;
  ledger_rates: { account: string; time: string; rates: string };
  ledger_sent_quotes: { tag: string; account: string; time: string; bid: number; ask: number };
};

const iso = (t: number): string => new Date(t).toISOString();
const epoch = (s: string): number => Date.parse(s);

/** The ledger on the account's SQLite database (tables of migration 0003-ledger). */
export class SqliteLedgerStore implements LedgerStore {
  readonly #db: Kysely<LedgerTables>;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db.withTables<LedgerTables>() as unknown as Kysely<LedgerTables>;
    this.#account = account;
  }

  async entries(): Promise<LedgerEntry[]> {
    const rows = await this.#db.selectFrom('ledger_entries').selectAll().where('account', '=', this.#account).orderBy('time').orderBy('id').execute();
    return rows.map(toEntry);
  }

  async append(entries: readonly LedgerEntry[]): Promise<LedgerEntry[]> {
    if (entries.length === 0) return [];
    return this.#db.transaction().execute(async (tx) => {
      const fresh: LedgerEntry[] = [];
      for (const e of entries) {
        const result = await tx
          .insertInto('ledger_entries')
          .values({
            account: this.#account,
            time: iso(e.time),
            kind: e.kind,
            currency: e.currency,
            amount_minor: e.amountMinor,
            symbol: e.symbol ?? null,
            quantity: e.quantity ?? null,
            price: e.price ?? null,
            multiplier: e.multiplier ?? null,
            commission_minor: e.commissionMinor ?? null,
            cost_minor: e.costMinor ?? null,
            counter_currency: e.counterCurrency ?? null,
            counter_minor: e.counterMinor ?? null,
            exec_id: e.execId ?? null,
            rate_to_base: e.rateToBase ?? null,
            note: e.note ?? null,
          })
          .onConflict((oc) => oc.columns(['account', 'exec_id']).doNothing())
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) fresh.push(e);
      }
      return fresh;
    });
  }

  async recordRates(record: RateRecord): Promise<void> {
    const rates = JSON.stringify(record.rates);
    await this.#db
      .insertInto('ledger_rates')
      .values({ account: this.#account, time: iso(record.time), rates })
      .onConflict((oc) => oc.columns(['account', 'time']).doUpdateSet({ rates }))
      .execute();
  }

  async rates(): Promise<RateRecord[]> {
    const rows = await this.#db.selectFrom('ledger_rates').selectAll().where('account', '=', this.#account).orderBy('time').execute();
    return rows.map((r) => ({ time: epoch(r.time), rates: JSON.parse(r.rates) as Record<string, number> }));
  }

  async recordSentQuotes(quotes: readonly SentQuote[]): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      for (const q of quotes) {
        await tx
          .insertInto('ledger_sent_quotes')
          .values({ tag: q.tag, account: this.#account, time: iso(q.time), bid: q.bid, ask: q.ask })
          .onConflict((oc) => oc.column('tag').doNothing())
          .execute();
      }
    });
  }

  async sentQuotes(): Promise<SentQuote[]> {
    const rows = await this.#db.selectFrom('ledger_sent_quotes').selectAll().where('account', '=', this.#account).execute();
    return rows.map((r) => ({ tag: r.tag, time: epoch(r.time), bid: r.bid, ask: r.ask }));
  }
}

function toEntry(r: Selectable<LedgerEntriesTable>): LedgerEntry {
  const optional = {
    ...(r.symbol !== null ? { symbol: r.symbol } : {}),
    ...(r.quantity !== null ? { quantity: r.quantity } : {}),
    ...(r.price !== null ? { price: r.price } : {}),
    ...(r.multiplier !== null ? { multiplier: r.multiplier } : {}),
    ...(r.commission_minor !== null ? { commissionMinor: r.commission_minor } : {}),
    ...(r.cost_minor !== null ? { costMinor: r.cost_minor } : {}),
    ...(r.counter_currency !== null ? { counterCurrency: r.counter_currency } : {}),
    ...(r.counter_minor !== null ? { counterMinor: r.counter_minor } : {}),
    ...(r.exec_id !== null ? { execId: r.exec_id } : {}),
    ...(r.rate_to_base !== null ? { rateToBase: r.rate_to_base } : {}),
    ...(r.note !== null ? { note: r.note } : {}),
  };
  return { kind: r.kind as EntryKind, time: epoch(r.time), currency: r.currency, amountMinor: r.amount_minor, ...optional };
}
