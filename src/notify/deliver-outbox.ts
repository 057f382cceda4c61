import { ChannelError, type Channel } from './channel.js';
import type { OutboxStore } from './outbox-store.js';
import { redactSecrets } from './redact-secrets.js';
import { withDeadline } from './with-deadline.js';

/** When a failed delivery is tried again: doubling from `firstMs` up to `maxMs`; given up after `giveUpMs`. */
export interface RetryPolicy {
  readonly firstMs: number;
  readonly maxMs: number;
  readonly giveUpMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({ firstMs: 60_000, maxMs: 30 * 60_000, giveUpMs: 7 * 24 * 3_600_000 });

/** Delivered messages are kept this long (the record of what was sent), then pruned. */
const KEEP_MS = 30 * 24 * 3_600_000;
const BATCH = 20;

export interface DeliveryReport {
  readonly sent: readonly { readonly channel: string; readonly subject: string }[];
  readonly failed: readonly { readonly channel: string; readonly subject: string; readonly error: string }[];
  /** Deliveries given up after the retry policy's giveUpMs. */
  readonly expired: number;
  /** Still queued after this pass, on every channel. */
  readonly pending: number;
  /** True when the time budget ran out before every due message was tried. */
  readonly outOfTime: boolean;
}

export interface DeliverOptions {
  readonly outbox: OutboxStore;
  readonly channels: readonly Channel[];
  /** The most wall time this pass may take; a channel that does not answer in time counts as down. */
  readonly budgetMs: number;
  readonly retry?: RetryPolicy;
  /** The wall clock (epoch ms): retries are about real outages, whatever clock the run is on. */
  readonly now?: () => number;
  /** Redacted from error messages before they are stored. */
  readonly secrets?: readonly string[];
  /**
   * Channels known to be down, with the time until which they are not tried. Shared across
   * passes by the caller, so that a dead server costs one timeout per run, not one per message.
   */
  readonly downUntil?: Map<string, number>;
  /**
   * Try every pending message now, whatever its backoff says: a run (an hour after the last)
   * or a person asking is the right moment to retry; a daemon ticking every minute is not.
   */
  readonly ignoreBackoff?: boolean;
}

/**
 * Retry delay after the n-th failed attempt (n ≥ 1): firstMs, 2×, 4×, … capped at maxMs.
 * The default cap (30 min) is below the hourly trigger, so the next run always tries again.
 */
export function retryDelay(failedAttempts: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 40);
  return Math.min(policy.firstMs * 2 ** exponent, policy.maxMs);
}

/**
 * One delivery pass over the persistent outbox: every due message goes to every channel it
 * waits for, oldest first. A failure reschedules that delivery with backoff; a channel-wide
 * failure also skips the channel for the rest of the pass. Never throws for a failed
 * delivery and never takes much longer than `budgetMs`: the run and the daemon call it.
 */
export async function deliverOutbox(options: DeliverOptions): Promise<DeliveryReport> {
  const { outbox, channels, budgetMs } = options;
  const retry = options.retry ?? DEFAULT_RETRY;
  const now = options.now ?? Date.now;
  const secrets = options.secrets ?? [];
  const down = options.downUntil ?? new Map<string, number>();
  const start = now();
  const deadline = start + budgetMs;
  const byName = new Map(channels.map((c) => [c.name, c]));
  const sent: { channel: string; subject: string }[] = [];
  const failed: { channel: string; subject: string; error: string }[] = [];
  const expired = await outbox.expire(start - retry.giveUpMs, start - KEEP_MS);
  let outOfTime = false;
  // Each delivery is tried at most once per pass, even under a retry policy of zero delay.
  const tried = new Set<string>();

  const healthy = (): string[] => channels.filter((c) => (down.get(c.name) ?? 0) <= now()).map((c) => c.name);
  // Ends: every claimed delivery is tried once (then sent or not due again) or released, and a release ends the pass or excludes its channel.
  for (;;) {
    const names = healthy();
    if (names.length === 0) break;
    const at = now();
    // The far future, as an ISO time the store can compare (year 9999).
    const dueBy = options.ignoreBackoff ? 253_402_300_799_000 : at;
    const batch = await outbox.claimDue({ now: at, dueBy, leaseUntil: deadline + 60_000, limit: BATCH, channels: names });
    if (batch.length === 0) break;
    let stop = false;
    for (const due of batch) {
      const channel = byName.get(due.channel)!;
      const remaining = deadline - now();
      const key = `${due.message.id}:${due.channel}`;
      if (tried.has(key)) stop = true;
      if (stop || remaining <= 0 || (down.get(channel.name) ?? 0) > now()) {
        if (remaining <= 0) outOfTime = true;
        stop ||= remaining <= 0;
        await outbox.release(due.message.id, due.channel);
        continue;
      }
      tried.add(key);
      const subject = due.message.notice.subject;
      try {
        await withDeadline(channel.deliver(due.message), remaining);
        await outbox.markSent(due.message.id, due.channel, now());
        sent.push({ channel: due.channel, subject });
      } catch (error) {
        const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
        const at = now();
        await outbox.markFailed(due.message.id, due.channel, message, at + retryDelay(due.attempts + 1, retry));
        failed.push({ channel: due.channel, subject, error: message });
        const scope = error instanceof ChannelError ? error.scope : 'channel';
        if (scope === 'channel') down.set(channel.name, at + retry.firstMs);
      }
    }
    if (stop) break;
  }
  const { pending } = await outbox.counts();
  return { sent, failed, expired, pending, outOfTime };
}
