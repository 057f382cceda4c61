import type { Notice } from './notifier.js';

/** A notice taken from the persistent outbox for delivery. */
export interface QueuedMessage {
  /** The outbox row id. */
  readonly id: number;
  /** The notice as queued: secrets already redacted, `time` set. */
  readonly notice: Notice & { readonly time: number };
  /** Kept for every attempt, so that a retried e-mail keeps its identity. */
  readonly messageId: string;
}

/**
 * One way a notice leaves the machine: SMTP, the .eml folder, a webhook. A channel is a
 * tiny adapter; the outbox decides when it is called and what happens when it fails.
 */
export interface Channel {
  /** Stable name, recorded with each delivery: "email", "eml-folder", "slack", "discord:ops". */
  readonly name: string;
  /** Which kinds of notice it carries; all when absent. */
  readonly kinds?: ReadonlySet<Notice['kind']>;
  /** Resolves once the far side accepted the message; throws (ideally a ChannelError) otherwise. */
  deliver(message: QueuedMessage): Promise<void>;
}

/**
 * A failed delivery, classified by what it tells about the next attempt:
 * 'channel' — the channel is unusable now (server down, refused login, timeout), so the
 * other queued messages are not tried on it in this pass either; 'message' — only this
 * message was refused (too large, a rejected recipient), the channel still works.
 */
export class ChannelError extends Error {
  readonly scope: 'channel' | 'message';

  constructor(message: string, scope: 'channel' | 'message', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChannelError';
    this.scope = scope;
  }
}

/** Whether a channel carries a notice of this kind. */
export function carries(channel: Channel, kind: Notice['kind']): boolean {
  return channel.kinds === undefined || channel.kinds.has(kind);
}
