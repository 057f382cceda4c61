import { checkPaperState, type PaperState, type PaperStateStore } from '../brokers/paper/paper-state.js';
import type { Database } from './sqlite.js';

/** The paper account kept as one JSON row per account, replaced in one statement. */
export class SqlitePaperStateStore implements PaperStateStore {
  readonly #db: Database;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db;
    this.#account = account;
  }

  async load(): Promise<PaperState | undefined> {
    const row = await this.#db.selectFrom('paper_state').select('json').where('account', '=', this.#account).executeTakeFirst();
    return row ? checkPaperState(JSON.parse(row.json)) : undefined;
  }

  async save(state: PaperState): Promise<void> {
    const json = JSON.stringify(state);
    const updated = new Date().toISOString();
    await this.#db
      .insertInto('paper_state')
      .values({ account: this.#account, json, updated_at: updated })
      .onConflict((oc) => oc.column('account').doUpdateSet({ json, updated_at: updated }))
      .execute();
  }
}
