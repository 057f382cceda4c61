import type { Database } from './sqlite.js';

/**
 * Whole JSON documents kept per account and key, each replaced in one statement: the paper
 * broker keeps its account this way. The store knows nothing of what a document means.
 */
export class SqliteDocuments {
  readonly #db: Database;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db;
    this.#account = account;
  }

  async load(key: string): Promise<unknown> {
    const row = await this.#db.selectFrom('documents').select('json').where('account', '=', this.#account).where('key', '=', key).executeTakeFirst();
    return row ? (JSON.parse(row.json) as unknown) : undefined;
  }

  async save(key: string, document: unknown): Promise<void> {
    const json = JSON.stringify(document);
    const updated = new Date().toISOString();
    await this.#db
      .insertInto('documents')
      .values({ account: this.#account, key, json, updated_at: updated })
      .onConflict((oc) => oc.columns(['account', 'key']).doUpdateSet({ json, updated_at: updated }))
      .execute();
  }
}
