import { formatUtc } from './format.js';
import type { Notice } from './notifier.js';
import type { FoldState } from './outbox-store.js';

/** What to do with an alert whose fold key was seen before. */
export interface FoldDecision {
  readonly action: 'send' | 'remind' | 'suppress';
  /** Times the problem happened since its first alert, this one included. */
  readonly occurrences: number;
  readonly firstSeenAt: number;
}

/**
 * The fold key of an alert: the step and the reason with what changes from run to run (run
 * ids, times, numbers) blanked, so that "connect: ECONNREFUSED 127.0.0.1:4002" every hour is
 * one problem, while a different step or a different error is another.
 */
export function alertFoldKey(step: string, reason: string): string {
  const shape = reason
    .replace(/\br-\d{8}T\d{6}Z-[0-9a-f]+/g, '<run>')
    .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?/g, '<time>')
    .replace(/\d+(\.\d+)?/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
  return `alert:${step}:${shape}`;
}

/**
 * The first alert of a problem is sent; while it repeats, the repeats are counted but not
 * sent, except a reminder once `reminderMs` has passed since the last message about it.
 * Twenty-four hourly failures with a six-hour reminder make four e-mails, not twenty-four.
 */
export function decideFold(state: FoldState | undefined, time: number, reminderMs: number): { state: FoldState; result: FoldDecision } {
  if (!state) {
    return { state: { firstSeenAt: time, lastSeenAt: time, lastSentAt: time, occurrences: 1 }, result: { action: 'send', occurrences: 1, firstSeenAt: time } };
  }
  const occurrences = state.occurrences + 1;
  const remind = time - state.lastSentAt >= reminderMs;
  return {
    state: { firstSeenAt: state.firstSeenAt, lastSeenAt: Math.max(time, state.lastSeenAt), lastSentAt: remind ? time : state.lastSentAt, occurrences },
    result: { action: remind ? 'remind' : 'suppress', occurrences, firstSeenAt: state.firstSeenAt },
  };
}

/** The reminder: the same subject (so mail clients thread it) and a first line that counts the repeats. */
export function reminderNotice(notice: Notice, decision: FoldDecision): Notice {
  const note = `Reminder: this problem has happened ${decision.occurrences} times since ${formatUtc(decision.firstSeenAt)} and is still happening. Repeats between reminders are not e-mailed.`;
  const html = notice.html?.replace(/(<body[^>]*>)/, `$1\n<p style="margin:6px 0;font-weight:600">${note}</p>`);
  return { ...notice, text: `${note}\n\n${notice.text}`, ...(html !== undefined ? { html } : {}) };
}
