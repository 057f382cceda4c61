import { sql, type Generated, type Kysely } from 'kysely';
import type { FoldState, DueDelivery, OutboxCounts, OutboxStore } from '../notify/outbox-store.js';
import type { Notice } from '../notify/notifier.js';
import { noticeFromJson, noticeToJson } from '../notify/notice-json.js';
import type { DatabaseSchema } from './schema.js';
import type { Database } from './sqlite.js';

// The outbox tables belong to src/notify's store, so their row types live here rather than
// in the shared schema.ts; withTables adds them to the database's type.
interface NotifyMessagesTable {
  id: Generated<number>;
  account: string;
  kind: string;
  subject: string;
  message_id: string;
  notice_json: string;
  created_at: string;
  queued_at: string;
}

interface NotifyDeliveriesTable {
  message_id: number;
  channel: string;
  status: 'pending' | 'sent' | 'expired';
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  last_error: string | null;
  sent_at: string | null;
}

interface NotifyFoldsTable {
  account: string;
  fold_key: string;
  first_seen_at: string;
  last_seen_at: string;
  last_sent_at: string;
  occurrences: number;
  /** JSON array of numbers (migration 0004). */
  last_sent_figures: string;
}

// A type alias, not an interface: withTables wants a type with an implied index signature.
type OutboxTables = {
  notify_messages: NotifyMessagesTable;
  notify_deliveries: NotifyDeliveriesTable;
  notify_folds: NotifyFoldsTable;
};

const iso = (t: number): string => new Date(t).toISOString();
const epoch = (s: string): number => Date.parse(s);

/** A notice as the outbox holds it, without its body. */
export interface SentNotice {
  readonly kind: string;
  readonly subject: string;
  readonly time: number;
  readonly deliveries: readonly { readonly channel: string; readonly status: 'pending' | 'sent' | 'expired' }[];
}

/** The notification outbox on the account's SQLite database (migration 0002-notify-outbox). */
export class SqliteOutbox implements OutboxStore {
  readonly #db: Kysely<DatabaseSchema & OutboxTables>;
  readonly #account: string;

  constructor(db: Database, account: string) {
    this.#db = db.withTables<OutboxTables>();
    this.#account = account;
  }

  async enqueue(notice: Notice & { readonly time: number }, messageId: string, channels: readonly string[], queuedAt: number): Promise<number> {
    return this.#db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('notify_messages')
        .values({ account: this.#account, kind: notice.kind, subject: notice.subject, message_id: messageId, notice_json: noticeToJson(notice), created_at: iso(notice.time), queued_at: iso(queuedAt) })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      for (const channel of channels) {
        await tx
          .insertInto('notify_deliveries')
          .values({ message_id: id, channel, status: 'pending', attempts: 0, next_attempt_at: iso(queuedAt), lease_until: null, last_error: null, sent_at: null })
          .execute();
      }
      return id;
    });
  }

  async claimDue({ now, dueBy, leaseUntil, limit, channels }: { now: number; dueBy: number; leaseUntil: number; limit: number; channels: readonly string[] }): Promise<DueDelivery[]> {
    if (channels.length === 0) return [];
    const at = iso(now);
    const rows = await this.#db
      .selectFrom('notify_deliveries as d')
      .innerJoin('notify_messages as m', 'm.id', 'd.message_id')
      .select(['d.message_id', 'd.channel', 'd.attempts', 'm.message_id as mail_id', 'm.notice_json', 'm.created_at'])
      .where('m.account', '=', this.#account)
      .where('d.status', '=', 'pending')
      .where('d.channel', 'in', [...channels])
      .where('d.next_attempt_at', '<=', iso(dueBy))
      .where((eb) => eb.or([eb('d.lease_until', 'is', null), eb('d.lease_until', '<=', at)]))
      .orderBy('d.next_attempt_at')
      .orderBy('d.message_id')
      .limit(limit)
      .execute();
    const claimed: DueDelivery[] = [];
    for (const row of rows) {
      // A conditional update per row: of two processes that selected the same row, one wins.
      const result = await this.#db
        .updateTable('notify_deliveries')
        .set({ lease_until: iso(leaseUntil) })
        .where('message_id', '=', row.message_id)
        .where('channel', '=', row.channel)
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', at)]))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) continue;
      const notice = noticeFromJson(row.notice_json);
      claimed.push({ message: { id: row.message_id, notice: { ...notice, time: notice.time ?? epoch(row.created_at) }, messageId: row.mail_id }, channel: row.channel, attempts: row.attempts });
    }
    return claimed;
  }

  async release(messageId: number, channel: string): Promise<void> {
    await this.#db.updateTable('notify_deliveries').set({ lease_until: null }).where('message_id', '=', messageId).where('channel', '=', channel).execute();
  }

  async markSent(messageId: number, channel: string, at: number): Promise<void> {
    await this.#db
      .updateTable('notify_deliveries')
      .set({ status: 'sent', sent_at: iso(at), lease_until: null, last_error: null })
      .where('message_id', '=', messageId)
      .where('channel', '=', channel)
      .execute();
  }

  async markFailed(messageId: number, channel: string, error: string, nextAttemptAt: number): Promise<void> {
    await this.#db
      .updateTable('notify_deliveries')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error, next_attempt_at: iso(nextAttemptAt), lease_until: null }))
      .where('message_id', '=', messageId)
      .where('channel', '=', channel)
      .execute();
  }

  async expire(queuedBefore: number, pruneBefore: number): Promise<number> {
    const mine = this.#db.selectFrom('notify_messages').select('id').where('account', '=', this.#account);
    const expired = await this.#db
      .updateTable('notify_deliveries')
      .set({ status: 'expired', lease_until: null })
      .where('status', '=', 'pending')
      .where('message_id', 'in', mine.where('queued_at', '<', iso(queuedBefore)))
      .executeTakeFirst();
    // Deliveries go with their message (ON DELETE CASCADE); a message still pending anywhere stays.
    await this.#db
      .deleteFrom('notify_messages')
      .where('account', '=', this.#account)
      .where('queued_at', '<', iso(pruneBefore))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('notify_deliveries as d').select('d.message_id').whereRef('d.message_id', '=', 'notify_messages.id').where('d.status', '=', 'pending'))))
      .execute();
    return Number(expired.numUpdatedRows);
  }

  async counts(): Promise<OutboxCounts> {
    const rows = await this.#db
      .selectFrom('notify_deliveries as d')
      .innerJoin('notify_messages as m', 'm.id', 'd.message_id')
      .select(['d.status', sql<number>`count(*)`.as('n')])
      .where('m.account', '=', this.#account)
      .groupBy('d.status')
      .execute();
    const count = (status: string): number => Number(rows.find((r) => r.status === status)?.n ?? 0);
    return { pending: count('pending'), sent: count('sent'), expired: count('expired') };
  }

  /** The newest notices, newest first, with how far each got on its channels (for the dashboard). */
  async recent(limit: number): Promise<SentNotice[]> {
    const messages = await this.#db.selectFrom('notify_messages').select(['id', 'kind', 'subject', 'created_at']).where('account', '=', this.#account).orderBy('id', 'desc').limit(limit).execute();
    if (messages.length === 0) return [];
    const deliveries = await this.#db.selectFrom('notify_deliveries').select(['message_id', 'channel', 'status']).where('message_id', 'in', messages.map((m) => m.id)).execute();
    return messages.map((m) => ({
      kind: m.kind,
      subject: m.subject,
      time: epoch(m.created_at),
      deliveries: deliveries.filter((d) => d.message_id === m.id).map((d) => ({ channel: d.channel, status: d.status })),
    }));
  }

  async updateFold<T>(key: string, decide: (state: FoldState | undefined) => { state: FoldState; result: T }): Promise<T> {
    return this.#db.transaction().execute(async (tx) => {
      const where = { account: this.#account, fold_key: key };
      // A write first, so this transaction holds SQLite's write lock before it reads: two
      // processes folding the same alert run one after the other instead of both sending it.
      await tx.updateTable('notify_folds').set({ occurrences: sql`occurrences` }).where('account', '=', where.account).where('fold_key', '=', key).execute();
      const row = await tx.selectFrom('notify_folds').selectAll().where('account', '=', where.account).where('fold_key', '=', key).executeTakeFirst();
      const previous: FoldState | undefined = row && { firstSeenAt: epoch(row.first_seen_at), lastSeenAt: epoch(row.last_seen_at), lastSentAt: epoch(row.last_sent_at), occurrences: row.occurrences, lastSentFigures: parseFigures(row.last_sent_figures) };
      const { state, result } = decide(previous);
      const values = { first_seen_at: iso(state.firstSeenAt), last_seen_at: iso(state.lastSeenAt), last_sent_at: iso(state.lastSentAt), occurrences: state.occurrences, last_sent_figures: JSON.stringify(state.lastSentFigures) };
      await tx
        .insertInto('notify_folds')
        .values({ ...where, ...values })
        .onConflict((oc) => oc.columns(['account', 'fold_key']).doUpdateSet(values))
        .execute();
      return result;
    });
  }

  async clearFolds(): Promise<void> {
    await this.#db.deleteFrom('notify_folds').where('account', '=', this.#account).execute();
  }
}

/** The stored figures; a row that cannot be read as numbers counts as none, so the next growth alerts. */
function parseFigures(text: string): number[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((n) => typeof n === 'number') ? parsed : [];
  } catch {
    return [];
  }
}
