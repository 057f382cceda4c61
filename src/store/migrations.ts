import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { coreTables } from './migrations/0001-core.js';
import { notifyOutboxTables } from './migrations/0002-notify-outbox.js';
import { ledgerTables } from './migrations/0003-ledger.js';
import { alertFoldFigures } from './migrations/0004-alert-fold-figures.js';
import { planRowsTable } from './migrations/0005-plan-rows.js';

// Migrations live in code rather than files on disk so that the compiled package carries
// them and a fresh database needs nothing but the binary. One file per migration under
// migrations/, registered here in order. Append only: never edit one that has shipped.
const migrations: Record<string, Migration> = {
  '0001-core': coreTables,
  '0002-notify-outbox': notifyOutboxTables,
  '0003-ledger': ledgerTables,
  '0004-alert-fold-figures': alertFoldFigures,
  '0005-plan-rows': planRowsTable,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
