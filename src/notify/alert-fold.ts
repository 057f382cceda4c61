import { decimalFormat } from './decimal-format.js';
import { formatUtc } from './format.js';
import type { Notice } from './notifier.js';
import type { FoldState } from './outbox-store.js';

/**
 * A figure of a folded alert has grown materially once its magnitude is more than this many
 * times its magnitude in the last alert that was e-mailed (from zero, any non-zero value).
 */
export const FOLD_GROWTH_FACTOR = 2;

/** What to do with an alert whose fold key was seen before. */
export interface FoldDecision {
  /** 'grown': a figure grew past FOLD_GROWTH_FACTOR since the last e-mail, so it is sent again. */
  readonly action: 'send' | 'remind' | 'grown' | 'suppress';
  /** Times the problem happened since its first alert, this one included. */
  readonly occurrences: number;
  readonly firstSeenAt: number;
  /** When the last e-mail about it went out; for 'grown', the one whose figures it outgrew. */
  readonly lastSentAt: number;
  /** The figures that grew, as they were in the last e-mail and as they are now. */
  readonly grown?: readonly { readonly from: number; readonly to: number }[];
}

/** An alert's fold key and the figures the key leaves out, in the order they appear. */
export interface AlertFold {
  readonly key: string;
  readonly figures: readonly number[];
}

// A number as messages write it: 1001, 1,001, 800806.25 or 800,806.25. A minus sign is not part
// of it, so it stays in the key: a figure that changes sign is another problem, alerted afresh.
const NUMBER = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g;

/**
 * The fold key of an alert: the step and the reason with what changes from run to run (run
 * ids, times, numbers) blanked, so that "connect: ECONNREFUSED 127.0.0.1:4002" every hour is
 * one problem, while a different step or a different error is another. The numbers blanked
 * are kept as the fold's figures, so that a folded problem that grows is alerted again.
 */
export function alertFold(step: string, reason: string): AlertFold {
  const figures: number[] = [];
  const shape = reason
    .replace(/\br-\d{8}T\d{4,6}Z-[0-9a-f]+/g, '<run>')
    .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?/g, '<time>')
    .replace(NUMBER, (text) => {
      figures.push(Number(text.replaceAll(',', '')));
      return '#';
    })
    .replace(/\s+/g, ' ')
    .trim();
  return { key: `alert:${step}:${shape}`, figures };
}

export function alertFoldKey(step: string, reason: string): string {
  return alertFold(step, reason).key;
}

/**
 * The figures that grew materially from those of the last e-mail: a magnitude more than
 * FOLD_GROWTH_FACTOR times what it was. Figures that shrink, hold or creep up less do not count.
 */
export function grownFigures(lastSent: readonly number[], now: readonly number[]): { from: number; to: number }[] {
  const grown: { from: number; to: number }[] = [];
  for (let i = 0; i < Math.min(lastSent.length, now.length); i++) {
    const from = lastSent[i]!;
    const to = now[i]!;
    if (Math.abs(to) > FOLD_GROWTH_FACTOR * Math.abs(from)) grown.push({ from, to });
  }
  return grown;
}

/**
 * The first alert of a problem is sent; while it repeats, the repeats are counted but not
 * sent, except a reminder once `reminderMs` has passed since the last message about it, and
 * at once when one of its figures has grown materially since the last message (see
 * grownFigures): a ledger difference of 1 share that becomes 1,001 is news. Twenty-four hourly
 * failures with a six-hour reminder and steady figures make four e-mails, not twenty-four.
 */
export function decideFold(state: FoldState | undefined, time: number, reminderMs: number, figures: readonly number[] = []): { state: FoldState; result: FoldDecision } {
  if (!state) {
    return { state: { firstSeenAt: time, lastSeenAt: time, lastSentAt: time, occurrences: 1, lastSentFigures: figures }, result: { action: 'send', occurrences: 1, firstSeenAt: time, lastSentAt: time } };
  }
  const occurrences = state.occurrences + 1;
  const grown = grownFigures(state.lastSentFigures, figures);
  const action = grown.length > 0 ? 'grown' : time - state.lastSentAt >= reminderMs ? 'remind' : 'suppress';
  const sends = action !== 'suppress';
  return {
    state: {
      firstSeenAt: state.firstSeenAt,
      lastSeenAt: Math.max(time, state.lastSeenAt),
      lastSentAt: sends ? time : state.lastSentAt,
      occurrences,
      // Growth is measured against what the owner last read, so slow creep adds up to an e-mail.
      lastSentFigures: sends ? figures : state.lastSentFigures,
    },
    result: { action, occurrences, firstSeenAt: state.firstSeenAt, lastSentAt: state.lastSentAt, ...(grown.length > 0 ? { grown } : {}) },
  };
}

/** The reminder: the same subject (so mail clients thread it) and a first line that counts the repeats. */
export function reminderNotice(notice: Notice, decision: FoldDecision): Notice {
  return withNote(notice, `Reminder: this problem has happened ${decision.occurrences} times since ${formatUtc(decision.firstSeenAt)} and is still happening. Repeats between reminders are not e-mailed.`);
}

/** The alert of a folded problem that grew: says which figures grew, from what, since when. */
export function grownNotice(notice: Notice, decision: FoldDecision): Notice {
  const changes = (decision.grown ?? []).map((g) => `${formatFigure(g.from)} → ${formatFigure(g.to)}`).join(', ');
  return withNote(
    notice,
    `This problem has grown since the alert of ${formatUtc(decision.lastSentAt)}: ${changes} (more than ${FOLD_GROWTH_FACTOR} times). It has happened ${decision.occurrences} times since ${formatUtc(decision.firstSeenAt)}.`,
  );
}

function withNote(notice: Notice, note: string): Notice {
  const html = notice.html?.replace(/(<body[^>]*>)/, `$1\n<p style="margin:6px 0;font-weight:600">${note}</p>`);
  return { ...notice, text: `${note}\n\n${notice.text}`, ...(html !== undefined ? { html } : {}) };
}

const formatFigure = decimalFormat({ maximumFractionDigits: 10 });
