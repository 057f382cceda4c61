import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import type StreamTransport from 'nodemailer/lib/stream-transport/index.js';
import { mailOptions } from './mail-options.js';
import type { Notice, Notifier } from './notifier.js';
import { secretsFromEnv } from './redact-secrets.js';

export interface OutboxNotifierOptions {
  /** The outbox folder; created with mode 0o700 on the first send. */
  readonly dir: string;
  readonly from: string;
  readonly to: string;
  /** Epoch ms UTC; stamps the Date header and the file name of a notice without a time. Defaults to the wall clock. */
  readonly clock?: () => number;
  /** Values to redact besides those of secret-looking environment variables. */
  readonly secrets?: readonly string[];
  /** Where secret-looking variables are read at each send; defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

// Enough for every message any account could send within one second; reaching it means a loop.
const MAX_SEQUENCE = 9999;

/**
 * Writes each notice as a complete MIME e-mail (.eml) into an outbox folder: the default
 * channel on a fresh machine, readable with any mail client, and the record of what was sent.
 * File names (`20251114T153500Z-0001-alert.eml`) sort by time and never overwrite each other,
 * even when two processes share the folder.
 */
export class OutboxNotifier implements Notifier {
  readonly #options: Readonly<OutboxNotifierOptions>;
  readonly #clock: () => number;
  readonly #secrets: readonly string[];
  // Composes the message only; the stream transport never opens a connection. Made at the
  // first message: nodemailer takes longer to load than `status` takes to run.
  #composer: Promise<Transporter<StreamTransport.SentMessageInfo>> | undefined;
  #folder: Promise<void> | undefined;
  #lastStamp = '';
  #sequence = 0;

  constructor(options: OutboxNotifierOptions) {
    this.#options = Object.freeze({ ...options });
    this.#clock = options.clock ?? Date.now;
    this.#secrets = Object.freeze([...(options.secrets ?? [])]);
  }

  async send(notice: Notice): Promise<void> {
    await this.write(notice);
  }

  /** Like send, and returns the path of the written file; `messageId` keeps a queued message's identity. */
  async write(notice: Notice, messageId?: string): Promise<string> {
    // A notice queued during an outage keeps the time it was made, so the outbox sorts it there.
    const time = notice.time ?? this.#clock();
    const stamp = fileStamp(time);
    // Claimed before any await, so concurrent sends from this instance never share a number.
    const first = this.#nextSequence(stamp);
    // The environment is read at each send, so a secret set after start-up is redacted too.
    const secrets = [...this.#secrets, ...secretsFromEnv(this.#options.env ?? process.env)];
    const options = mailOptions(notice, { from: this.#options.from, to: this.#options.to, time, ...(messageId ? { messageId } : {}) }, secrets);
    this.#composer ??= import('nodemailer').then(({ createTransport }) => createTransport({ streamTransport: true, buffer: true, newline: 'unix' }));
    const { message } = await (await this.#composer).sendMail(options);
    // With `buffer: true` the stream transport always hands back a Buffer.
    if (!Buffer.isBuffer(message)) throw new TypeError('nodemailer stream transport returned a stream, not a buffer');
    await this.#ensureFolder();
    return this.#publish(message, stamp, first, notice.kind);
  }

  #nextSequence(stamp: string): number {
    if (stamp !== this.#lastStamp) {
      this.#lastStamp = stamp;
      this.#sequence = 0;
    }
    return ++this.#sequence;
  }

  #ensureFolder(): Promise<void> {
    this.#folder ??= (async () => {
      await mkdir(this.#options.dir, { recursive: true, mode: 0o700 });
      // mkdir leaves an existing folder as it was; the outbox holds account data, so tighten it.
      await chmod(this.#options.dir, 0o700);
    })();
    // A failed attempt (e.g. a permission error fixed later) is retried on the next send.
    this.#folder.catch(() => (this.#folder = undefined));
    return this.#folder;
  }

  /**
   * Writes to a hidden temporary file, flushes it, then hard-links it under its final name:
   * a reader never sees a half-written message, and unlike rename, link fails instead of
   * replacing a file another process wrote under the same name.
   */
  async #publish(message: Buffer, stamp: string, firstSequence: number, kind: Notice['kind']): Promise<string> {
    const dir = this.#options.dir;
    const temp = join(dir, `.${stamp}-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    try {
      const file = await open(temp, 'wx', 0o600);
      try {
        await file.writeFile(message);
        await file.sync();
      } finally {
        await file.close();
      }
      for (let sequence = firstSequence; sequence <= MAX_SEQUENCE; sequence++) {
        const path = join(dir, `${stamp}-${String(sequence).padStart(4, '0')}-${kind}.eml`);
        try {
          await link(temp, path);
          // Skip numbers taken by others, so this instance's next message sorts after this one.
          if (stamp === this.#lastStamp && sequence > this.#sequence) this.#sequence = sequence;
          return path;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
      }
      throw new Error(`outbox ${dir}: more than ${MAX_SEQUENCE} messages stamped ${stamp}; refusing to overwrite`);
    } finally {
      // Best effort: once the message is linked it has been delivered, and a failure to remove
      // the hidden temporary file must not make the caller send it again.
      await unlink(temp).catch(() => undefined);
    }
  }
}

/** Epoch ms → "20251114T153500Z": sorts as text in time order. */
function fileStamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}
