/** A message to the account's owner. */
export interface Notice {
  readonly kind: 'alert' | 'digest' | 'test';
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** Inline images referenced from the HTML as cid:<cid>. */
  readonly images?: readonly { cid: string; filename: string; content: Buffer }[];
}

/** The notification port: e-mail outbox by default; SMTP and webhooks later. */
export interface Notifier {
  send(notice: Notice): Promise<void>;
}
