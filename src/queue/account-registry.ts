import { CompiledQuery, sql, type Generated, type Kysely, type Selectable, type Transaction } from 'kysely';
import { openQueueTable } from './setup-lock.js';

/** One registered account: where its config is, and what the queue knows of its runs. */
export interface RegisteredAccount {
  readonly id: string;
  /** Absolute path of the account's config file; every worker machine reads it at this path. */
  readonly configFile: string;
  /** The latest trigger enqueued for the account (epoch ms) and its kind. */
  readonly lastEnqueued?: { readonly time: number; readonly kind: string };
  readonly lastRun?: RecordedRun;
}

/** What a worker records of a job's run, for `accounts status` and the skip of stale retries. */
export interface RecordedRun {
  readonly triggerTime: number;
  readonly runId?: string;
  readonly outcome: string;
  /** When the run ended, on the run's clock (epoch ms). */
  readonly at: number;
  readonly nlv?: number;
  readonly message?: string;
}

interface AccountsTable {
  id: string;
  config_file: string;
  added_at: Generated<Date>;
  last_enqueued_time: number | null;
  last_enqueued_kind: string | null;
  last_run_trigger_time: number | null;
  last_run_id: string | null;
  last_run_outcome: string | null;
  last_run_at: number | null;
  last_run_nlv: number | null;
  last_run_message: string | null;
}

interface RegistrySchema {
  autofolio_accounts: AccountsTable;
}

/**
 * The registry of accounts, a table in the queue's own database beside pg-boss's schema: the
 * scheduler claims a trigger here and enqueues its job in the same transaction, so a second
 * scheduler or a restart never enqueues it again, whatever pg-boss has archived meanwhile.
 */
export class AccountRegistry {
  readonly #db: Kysely<RegistrySchema>;

  private constructor(db: Kysely<RegistrySchema>) {
    this.#db = db;
  }

  static async open(url: string): Promise<AccountRegistry> {
    return new AccountRegistry(await openQueueTable<RegistrySchema>(url, 4, sql`create table if not exists autofolio_accounts (
        id text primary key,
        config_file text not null,
        added_at timestamptz not null default now(),
        last_enqueued_time bigint,
        last_enqueued_kind text,
        last_run_trigger_time bigint,
        last_run_id text,
        last_run_outcome text,
        last_run_at bigint,
        last_run_nlv double precision,
        last_run_message text
      )`));
  }

  /** Registers an account, or moves a registered one to a new config path; returns whether it was new. */
  async add(id: string, configFile: string): Promise<boolean> {
    const row = await this.#db
      .insertInto('autofolio_accounts')
      .values({ id, config_file: configFile })
      .onConflict((oc) => oc.column('id').doUpdateSet({ config_file: configFile }))
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .executeTakeFirstOrThrow();
    return row.inserted;
  }

  async get(id: string): Promise<RegisteredAccount | undefined> {
    const row = await this.#db.selectFrom('autofolio_accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toAccount(row) : undefined;
  }

  async list(): Promise<RegisteredAccount[]> {
    const rows = await this.#db.selectFrom('autofolio_accounts').selectAll().orderBy('id').execute();
    return rows.map(toAccount);
  }

  /**
   * Claims a trigger of an account and, in the same transaction, runs `enqueue` with the
   * transaction's connection; returns false (and enqueues nothing) when this or a later trigger
   * was claimed already. The row lock makes a second scheduler wait for the first's commit and
   * then see the claim.
   */
  async claimTrigger(id: string, trigger: { time: number; kind: string }, enqueue: (db: QueueSql) => Promise<void>): Promise<boolean> {
    return this.#db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('autofolio_accounts')
        .set({ last_enqueued_time: trigger.time, last_enqueued_kind: trigger.kind })
        .where('id', '=', id)
        // Triggers of one account never share an instant (a trading run is inside its session,
        // the end-of-day run after the close), so the time alone orders the claims.
        .where((eb) => eb.or([eb('last_enqueued_time', 'is', null), eb('last_enqueued_time', '<', trigger.time)]))
        .returning('id')
        .executeTakeFirst();
      if (!claimed) return false;
      await enqueue(sqlOf(trx));
      return true;
    });
  }

  async recordRun(id: string, run: RecordedRun): Promise<void> {
    await this.#db
      .updateTable('autofolio_accounts')
      .set({
        last_run_trigger_time: run.triggerTime,
        last_run_id: run.runId ?? null,
        last_run_outcome: run.outcome,
        last_run_at: run.at,
        // A run that ended before its snapshot keeps the NLV of the last one that made one.
        last_run_nlv: run.nlv === undefined ? sql<number | null>`last_run_nlv` : run.nlv,
        last_run_message: run.message ?? null,
      })
      .where('id', '=', id)
      .execute();
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }
}

/** A connection that runs SQL text with $n parameters: the shape pg-boss takes as its `db` option. */
export interface QueueSql {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

function sqlOf(trx: Transaction<RegistrySchema>): QueueSql {
  return {
    executeSql: async (text, values) => {
      const result = await trx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: [...result.rows] };
    },
  };
}

function toAccount(row: Selectable<AccountsTable>): RegisteredAccount {
  return {
    id: row.id,
    configFile: row.config_file,
    ...(row.last_enqueued_time !== null ? { lastEnqueued: { time: row.last_enqueued_time, kind: row.last_enqueued_kind ?? 'trade' } } : {}),
    ...(row.last_run_trigger_time !== null && row.last_run_outcome !== null
      ? {
          lastRun: {
            triggerTime: row.last_run_trigger_time,
            outcome: row.last_run_outcome,
            // Set together with the trigger time by recordRun.
            at: row.last_run_at ?? 0,
            ...(row.last_run_id ? { runId: row.last_run_id } : {}),
            ...(row.last_run_nlv !== null ? { nlv: row.last_run_nlv } : {}),
            ...(row.last_run_message ? { message: row.last_run_message } : {}),
          },
        }
      : {}),
  };
}
