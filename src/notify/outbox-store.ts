import type { QueuedMessage } from './channel.js';
import type { Notice } from './notifier.js';

/** One message waiting for one channel. */
export interface DueDelivery {
  readonly message: QueuedMessage;
  readonly channel: string;
  /** Failed attempts so far. */
  readonly attempts: number;
}

/** What the outbox holds, for `autofolio notify deliver` and the tests. */
export interface OutboxCounts {
  readonly pending: number;
  readonly sent: number;
  readonly expired: number;
}

/** The repeated-alert state of one fold key (see alert-fold.ts). */
export interface FoldState {
  readonly firstSeenAt: number;
  readonly lastSeenAt: number;
  readonly lastSentAt: number;
  /** Times the alert happened since it was first sent, the first one included. */
  readonly occurrences: number;
  /** The figures (numbers of the reason) of the last message sent about it; growth is measured from them. */
  readonly lastSentFigures: readonly number[];
}

/**
 * The persistent outbox port: notices are stored before any attempt to send them, one
 * delivery per channel, so that an outage loses nothing and a restart resumes. Implemented
 * on the account's SQLite database (src/store/sqlite-outbox.ts). All times are epoch ms UTC.
 */
export interface OutboxStore {
  /** Stores a notice with one pending delivery per channel name; returns its id. */
  enqueue(notice: Notice & { readonly time: number }, messageId: string, channels: readonly string[], queuedAt: number): Promise<number>;
  /**
   * Pending deliveries on the named channels whose next attempt is due by `dueBy` (normally
   * `now`), earliest first, each leased until `leaseUntil` so that a second process
   * delivering at the same time skips it.
   */
  claimDue(claim: { readonly now: number; readonly dueBy: number; readonly leaseUntil: number; readonly limit: number; readonly channels: readonly string[] }): Promise<DueDelivery[]>;
  /** Gives a claimed delivery back untried, due as before. */
  release(messageId: number, channel: string): Promise<void>;
  markSent(messageId: number, channel: string, at: number): Promise<void>;
  markFailed(messageId: number, channel: string, error: string, nextAttemptAt: number): Promise<void>;
  /** Gives up on deliveries queued before `queuedBefore`, and forgets finished messages older than `pruneBefore`. */
  expire(queuedBefore: number, pruneBefore: number): Promise<number>;
  counts(): Promise<OutboxCounts>;
  /**
   * Runs `decide` on the fold state of `key` and stores what it returns, in one transaction,
   * so two processes never both decide to send the same alert.
   */
  updateFold<T>(key: string, decide: (state: FoldState | undefined) => { state: FoldState; result: T }): Promise<T>;
  /** Ends every fold: the next alert of any kind is sent at once. */
  clearFolds(): Promise<void>;
}
