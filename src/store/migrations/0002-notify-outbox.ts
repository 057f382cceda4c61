import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The notification outbox (src/notify): every notice is stored before it is sent, with one
 * delivery row per channel, so that an SMTP outage loses nothing; and the fold state that
 * turns an alert repeated every hour into one message and a reminder now and then.
 */
export const notifyOutboxTables: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('notify_messages')
      .$call(t.id)
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text', (c) => c.notNull())
      // The notice as JSON with its images in base64, secrets already redacted.
      .addColumn('notice_json', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('queued_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('notify_deliveries')
      .addColumn('message_id', t.integer, (c) => c.notNull().references('notify_messages.id').onDelete('cascade'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', t.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('lease_until', 'text')
      .addColumn('last_error', 'text')
      .addColumn('sent_at', 'text')
      .addPrimaryKeyConstraint('notify_deliveries_pk', ['message_id', 'channel'])
      .execute();
    await db.schema.createIndex('notify_deliveries_due').on('notify_deliveries').columns(['status', 'next_attempt_at']).execute();
    await db.schema
      .createTable('notify_folds')
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('fold_key', 'text', (c) => c.notNull())
      .addColumn('first_seen_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('last_sent_at', 'text', (c) => c.notNull())
      .addColumn('occurrences', t.integer, (c) => c.notNull())
      .addPrimaryKeyConstraint('notify_folds_pk', ['account', 'fold_key'])
      .execute();
  },
};
