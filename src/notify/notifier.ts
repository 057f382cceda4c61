/** A message to the account's owner. */
export interface Notice {
  readonly kind: 'alert' | 'digest' | 'test';
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** Inline images referenced from the HTML as cid:<cid>. */
  readonly images?: readonly { cid: string; filename: string; content: Buffer }[];
  /** Epoch ms UTC when the notice was made; the Date header. Defaults to the time it is written. */
  readonly time?: number;
  /**
   * Notices with the same key describe the same problem: a notifier that folds sends the
   * first, then only a reminder now and then while the problem lasts (see alert-fold.ts).
   */
  readonly foldKey?: string;
  /** The numbers the fold key leaves out; a folded alert whose figures grow is sent again. */
  readonly foldFigures?: readonly number[];
}

/**
 * The notification port. `send` hands a notice over; a notifier with a persistent queue
 * stores it first and then tries to deliver it within a bounded time, so a dead mail server
 * never holds up or fails a trading run.
 */
export interface Notifier {
  send(notice: Notice): Promise<void>;
  /** Delivers what earlier sends left queued (after an outage); bounded in time, never throws. */
  flush?(): Promise<void>;
  /** A run ended without any failure: folded alerts end, and the next failure alerts afresh. */
  allClear?(at: number): Promise<void>;
}
