import type { Kysely, Migration } from 'kysely';

/**
 * The figures (numbers of the reason) of the last alert e-mailed for each folded problem, so
 * that a folded alert whose figures grow is sent again. Rows from before start with none.
 */
export const alertFoldFigures: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('notify_folds').addColumn('last_sent_figures', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  },
};
