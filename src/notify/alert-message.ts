import type { JournalEntry } from '../cycle/journal-entry.js';
import type { OrderIntent } from '../domain/order.js';
import { alertFold } from './alert-fold.js';
import { formatDuration, formatPrice, formatQuantity, formatZoned, oneLine } from './format.js';
import { htmlDocument, htmlHeading, htmlKeyValues, htmlParagraph, htmlTable } from './html.js';
import type { Notice } from './notifier.js';
import { type Column, textKeyValues, textTable } from './text-table.js';

/** The part of an order an alert shows; an OrderIntent or a BrokerOrder both fit. */
export type AlertOrder = Pick<OrderIntent, 'tag' | 'symbol' | 'side' | 'quantity' | 'limitPrice'>;

export interface AlertInput {
  readonly accountId: string;
  /** The step that failed, as named in the run journal. */
  readonly step: string;
  /** The error message; the subject shows its first ~80 characters, the body all of it. */
  readonly reason: string;
  readonly runId: string;
  /** Epoch ms UTC of the failure. */
  readonly time: number;
  /** The exchange's time zone, in which times are shown; UTC without one. */
  readonly timeZone?: string;
  /** The run was a dry run: it would have sent nothing in any case. */
  readonly dryRun?: boolean;
  readonly journal: readonly JournalEntry[];
  readonly ordersSent: readonly AlertOrder[];
  /** Orders whose request may have reached the broker but whose reply was lost; never listed as not sent. */
  readonly ordersOutcomeUnknown?: readonly AlertOrder[];
  /** Orders certainly never transmitted. */
  readonly ordersNotSent: readonly AlertOrder[];
  /** What the owner should do next, in a sentence or two. */
  readonly hint: string;
}

const SUBJECT_REASON_MAX = 80;

/** Said wherever orders of unknown outcome are listed: placing one again by hand could double it. */
export const UNKNOWN_NOTE =
  'These orders were sent, but the broker\'s reply was lost (the connection dropped or no answer came in time): each may be working or filled at the broker. Do not place them again by hand; the next run looks them up by their tag, records their fills and cancels what still works.';

const ORDER_COLUMNS: readonly Column[] = [
  { header: 'Symbol' },
  { header: 'Side' },
  { header: 'Quantity', align: 'right' },
  { header: 'Limit', align: 'right' },
  { header: 'Tag' },
];

const JOURNAL_COLUMNS: readonly Column[] = [
  { header: 'Step' },
  { header: 'Started' },
  { header: 'Duration', align: 'right' },
  { header: 'Outcome' },
  { header: 'Error' },
];

/** Builds the e-mail sent at once when a run fails (step 10 of the README's "One cycle"). */
export function alertNotice(input: AlertInput): Notice {
  const account = oneLine(input.accountId);
  const step = oneLine(input.step);
  const dry = input.dryRun ? ' (dry run)' : '';
  const subject = `[autofolio] ERROR${dry} ${account} ${step}: ${oneLine(input.reason, SUBJECT_REASON_MAX)}`;

  const summary = `${input.dryRun ? 'Dry run' : 'Run'} ${input.runId} for account ${account} failed at step "${step}".${input.dryRun ? ' It was a dry run: it plans and checks but never sends an order.' : ''}`;
  const failure: [string, string][] = [
    ['Account', account],
    ['Run', input.runId],
    ['Step', step],
    ['Time', formatZoned(input.time, input.timeZone)],
    ['Error', input.reason],
  ];
  const sentRows = input.ordersSent.map(orderRow);
  const notSentRows = input.ordersNotSent.map(orderRow);
  const unknownRows = (input.ordersOutcomeUnknown ?? []).map(orderRow);
  const journalRows = input.journal.map((entry) => [
    entry.step,
    formatZoned(entry.startedAt, input.timeZone, { seconds: true }),
    formatDuration(entry.durationMs),
    entry.outcome,
    oneLine(entry.error ?? ''),
  ]);

  const text = [
    summary,
    '',
    'What failed',
    textKeyValues(failure),
    '',
    `Orders sent (${sentRows.length})`,
    sentRows.length > 0 ? textTable(ORDER_COLUMNS, sentRows) : '  None: no order reached the broker in this run.',
    '',
    ...(unknownRows.length > 0 ? [`Orders sent, outcome unknown (${unknownRows.length})`, indent(UNKNOWN_NOTE), textTable(ORDER_COLUMNS, unknownRows), ''] : []),
    `Orders not sent (${notSentRows.length})`,
    notSentRows.length > 0 ? textTable(ORDER_COLUMNS, notSentRows) : '  None.',
    '',
    'Run journal',
    journalRows.length > 0 ? textTable(JOURNAL_COLUMNS, journalRows) : '  No step was recorded.',
    '',
    'What to do next',
    indent(input.hint),
    '',
  ].join('\n');

  const html = htmlDocument(
    subject,
    [
      htmlParagraph(summary, 'warning'),
      htmlHeading('What failed'),
      htmlKeyValues(failure),
      htmlHeading(`Orders sent (${sentRows.length})`),
      sentRows.length > 0 ? htmlTable(ORDER_COLUMNS, sentRows) : htmlParagraph('None: no order reached the broker in this run.'),
      ...(unknownRows.length > 0 ? [htmlHeading(`Orders sent, outcome unknown (${unknownRows.length})`), htmlParagraph(UNKNOWN_NOTE, 'warning'), htmlTable(ORDER_COLUMNS, unknownRows)] : []),
      htmlHeading(`Orders not sent (${notSentRows.length})`),
      notSentRows.length > 0 ? htmlTable(ORDER_COLUMNS, notSentRows) : htmlParagraph('None.'),
      htmlHeading('Run journal'),
      journalRows.length > 0 ? htmlTable(JOURNAL_COLUMNS, journalRows) : htmlParagraph('No step was recorded.'),
      htmlHeading('What to do next'),
      htmlParagraph(input.hint),
    ].join('\n'),
  );

  // Folded by step and the shape of the reason: the same failure every hour is one problem.
  const fold = alertFold(step, input.reason);
  return { kind: 'alert', subject, text, html, time: input.time, foldKey: fold.key, foldFigures: fold.figures };
}

function orderRow(order: AlertOrder): string[] {
  return [order.symbol, order.side, formatQuantity(order.quantity), formatPrice(order.limitPrice), order.tag];
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`.trimEnd())
    .join('\n');
}
