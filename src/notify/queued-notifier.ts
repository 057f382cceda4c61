import { decideFold, grownNotice, reminderNotice } from './alert-fold.js';
import { carries, type Channel } from './channel.js';
import { DEFAULT_RETRY, deliverOutbox, type DeliveryReport, type RetryPolicy } from './deliver-outbox.js';
import { messageId } from './mail-options.js';
import type { Notice, Notifier } from './notifier.js';
import type { OutboxStore } from './outbox-store.js';
import { redactNotice } from './redact-secrets.js';
import { withDeadline } from './with-deadline.js';

export interface QueuedNotifierOptions {
  readonly outbox: OutboxStore;
  readonly channels: readonly Channel[];
  /** The run's clock (simulated in the demo and backtests): stamps notices and measures folding. */
  readonly clock: () => number;
  /** The real clock, for retries and time budgets; defaults to Date.now. */
  readonly wallClock?: () => number;
  /** The most time one send or flush spends delivering. */
  readonly budgetMs: number;
  readonly retry?: RetryPolicy;
  /** How long a repeated alert stays folded before a reminder is sent. */
  readonly reminderMs: number;
  /** Values redacted from every notice before it is stored; read at each send. */
  readonly secrets: () => readonly string[];
  /** The sender address: its domain names the Message-IDs. */
  readonly from: string;
}

export type EnqueueResult = 'queued' | 'reminder queued' | 'folded' | 'no channel';

export interface ChannelTest {
  readonly channel: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly ms: number;
}

/**
 * The notifier of paper and live runs: each notice is redacted, folded when it repeats an
 * open alert, stored in the persistent outbox, and then delivered within a time budget.
 * Delivery problems never reach the caller: the message stays queued and goes out on the
 * next send, flush or daemon tick (deliverOutbox).
 */
export class QueuedNotifier implements Notifier {
  readonly #options: QueuedNotifierOptions;
  readonly #wall: () => number;
  // Channels that failed recently, shared by the passes of this process (see deliverOutbox).
  readonly #downUntil = new Map<string, number>();
  // The first pass of a process retries every queued message (see deliverOutbox's ignoreBackoff).
  #firstPass = true;

  constructor(options: QueuedNotifierOptions) {
    this.#options = Object.freeze({ ...options, channels: Object.freeze([...options.channels]) });
    this.#wall = options.wallClock ?? Date.now;
  }

  get channels(): readonly Channel[] {
    return this.#options.channels;
  }

  async send(notice: Notice): Promise<void> {
    try {
      await this.enqueue(notice);
    } catch (error) {
      // The outbox lives in the account's database. When that cannot be written (a full
      // disk, a corrupt or read-only file, a database that could not even be opened), the
      // notice goes straight through the channels: an alert about a broken database must not
      // depend on it. It is then neither folded nor retried; a later run alerts again.
      const results = await this.sendDirect(notice);
      if (results.some((r) => r.ok)) return;
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`the outbox could not store the notice (${reason}), and sending it straight failed too: ${results.map((r) => `${r.channel}: ${r.error ?? 'failed'}`).join('; ') || 'no channel carries it'}`);
    }
    await this.flush();
  }

  /** Sends the notice through each channel that carries its kind, bypassing the outbox; says which worked. */
  sendDirect(notice: Notice, budgetMs: number = this.#options.budgetMs): Promise<ChannelTest[]> {
    return this.#direct(notice, this.#options.channels.filter((c) => carries(c, notice.kind)), budgetMs);
  }

  /** Stores the notice (or folds it) without trying to deliver it. */
  async enqueue(notice: Notice): Promise<EnqueueResult> {
    const { outbox, channels } = this.#options;
    const time = notice.time ?? this.#options.clock();
    // Redacted before it is stored, so that a secret never rests in the database either.
    let stored: Notice & { time: number } = { ...redactNotice(notice, this.#options.secrets()), time };
    let result: EnqueueResult = 'queued';
    if (notice.foldKey !== undefined) {
      const decision = await outbox.updateFold(notice.foldKey, (state) => decideFold(state, time, this.#options.reminderMs, notice.foldFigures ?? []));
      if (decision.action === 'suppress') return 'folded';
      if (decision.action === 'remind') {
        stored = { ...reminderNotice(stored, decision), time };
        result = 'reminder queued';
      }
      if (decision.action === 'grown') stored = { ...grownNotice(stored, decision), time };
    }
    const names = channels.filter((c) => carries(c, notice.kind)).map((c) => c.name);
    if (names.length === 0) return 'no channel';
    await outbox.enqueue(stored, messageId(this.#options.from), names, this.#wall());
    return result;
  }

  /**
   * One delivery pass over the outbox; reports what went and what did not. The first pass of
   * this notifier (a run, a command) retries everything queued at once; later passes follow
   * the backoff, as does any pass with `followBackoff` (a daemon's periodic tick).
   */
  deliver(budgetMs: number = this.#options.budgetMs, options: { followBackoff?: boolean } = {}): Promise<DeliveryReport> {
    const ignoreBackoff = this.#firstPass && !options.followBackoff;
    this.#firstPass = false;
    return deliverOutbox({
      ignoreBackoff,
      outbox: this.#options.outbox,
      channels: this.#options.channels,
      budgetMs,
      retry: this.#options.retry ?? DEFAULT_RETRY,
      now: this.#wall,
      secrets: this.#options.secrets(),
      downUntil: this.#downUntil,
    });
  }

  async flush(): Promise<void> {
    try {
      await this.deliver();
    } catch {
      // A store error while delivering must not fail the run; what is queued stays queued
      // and the next pass tries again.
    }
  }

  async allClear(): Promise<void> {
    await this.#options.outbox.clearFolds();
  }

  /**
   * Sends the notice straight through every channel, bypassing the outbox (a test message
   * that failed should not be retried later), and says which channels worked.
   */
  testChannels(notice: Notice, budgetMs: number = this.#options.budgetMs): Promise<ChannelTest[]> {
    return this.#direct(notice, this.#options.channels, budgetMs);
  }

  async #direct(notice: Notice, channels: readonly Channel[], budgetMs: number): Promise<ChannelTest[]> {
    const time = notice.time ?? this.#options.clock();
    const message = { id: 0, notice: { ...redactNotice(notice, this.#options.secrets()), time }, messageId: messageId(this.#options.from) };
    const results: ChannelTest[] = [];
    for (const channel of channels) {
      const started = this.#wall();
      try {
        await withDeadline(channel.deliver(message), budgetMs);
        results.push({ channel: channel.name, ok: true, ms: this.#wall() - started });
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        results.push({ channel: channel.name, ok: false, error: redactNotice({ kind: 'test', subject: '', text }, this.#options.secrets()).text, ms: this.#wall() - started });
      }
    }
    return results;
  }
}
