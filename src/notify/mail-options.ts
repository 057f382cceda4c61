import { randomUUID } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';
import type { Notice } from './notifier.js';
import { redactSecrets } from './redact-secrets.js';

export interface Envelope {
  readonly from: string;
  readonly to: string;
  /** Epoch ms UTC; becomes the Date header. */
  readonly time: number;
  /**
   * A Message-ID kept with a queued message, so that a retry after a lost server reply
   * carries the same id and mail clients show one message, not two. A new one otherwise.
   */
  readonly messageId?: string;
}

/**
 * Turns a Notice into nodemailer message options, with every secret redacted from the
 * subject, both bodies and the image file names. The outbox and an SMTP transport share
 * this, so a message looks the same whichever way it leaves.
 */
export function mailOptions(notice: Notice, envelope: Envelope, secrets: readonly string[]): SendMailOptions {
  const redact = (text: string): string => redactSecrets(text, secrets);
  return {
    from: envelope.from,
    to: envelope.to,
    date: new Date(envelope.time),
    messageId: envelope.messageId ?? messageId(envelope.from),
    // A header must stay on one line; a newline in a subject would end the header block.
    subject: redact(notice.subject.replace(/[\r\n]+\s*/g, ' ')),
    text: redact(notice.text),
    ...(notice.html !== undefined ? { html: redact(notice.html) } : {}),
    ...(notice.images && notice.images.length > 0
      ? {
          attachments: notice.images.map((image) => ({
            cid: image.cid,
            filename: redact(image.filename),
            content: image.content,
            contentDisposition: 'inline' as const,
          })),
        }
      : {}),
    headers: { 'X-Autofolio-Kind': notice.kind },
  };
}

/** A globally unique Message-ID in the sender's domain, as RFC 5322 asks. */
export function messageId(from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'autofolio.invalid';
  return `<${randomUUID()}@${domain}>`;
}
