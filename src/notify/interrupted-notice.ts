import type { JournalEntry } from '../cycle/journal-entry.js';
import { alertFoldKey } from './alert-fold.js';
import { formatDuration, formatZoned, oneLine } from './format.js';
import { htmlDocument, htmlHeading, htmlParagraph, htmlTable } from './html.js';
import type { Notice } from './notifier.js';
import { type Column, textTable } from './text-table.js';

export interface InterruptedRun {
  readonly id: string;
  /** The steps the run recorded before it stopped, the 'interrupted' mark left out. */
  readonly journal: readonly JournalEntry[];
}

export interface InterruptedInput {
  readonly accountId: string;
  /** The run that found them and took over. */
  readonly runId: string;
  readonly time: number;
  /** The exchange's time zone, in which times are shown; UTC without one. */
  readonly timeZone?: string;
  readonly interrupted: readonly InterruptedRun[];
}

const JOURNAL_COLUMNS: readonly Column[] = [{ header: 'Run' }, { header: 'Step' }, { header: 'Started' }, { header: 'Duration', align: 'right' }, { header: 'Outcome' }, { header: 'Error' }];

const HINT =
  'Find out why the process stopped (a reboot, out of memory, kill -9, a full disk) so that it does not happen again. Nothing needs doing for the orders: this run looked up the stopped run\'s orders at the broker by their tags, recorded their fills and cancelled those still working, and sends nothing twice. `autofolio status` shows the account.';

/**
 * The alert for runs a crash or kill left unfinished, sent by the next run that finds them
 * (it marks them interrupted): their owner would otherwise never hear that a run died.
 */
export function interruptedNotice(input: InterruptedInput): Notice {
  const account = oneLine(input.accountId);
  const ids = input.interrupted.map((r) => r.id);
  const lastSteps = input.interrupted.map((r) => `${r.id} (last step recorded: ${r.journal.at(-1)?.step ?? 'none'})`);
  const subject = `[autofolio] ERROR ${account} interrupted: run ${ids.join(', ')} stopped before it finished`;
  const summary = `The process running ${ids.length === 1 ? 'run' : 'runs'} ${lastSteps.join(', ')} for account ${account} stopped before the run finished: it was killed or crashed. Run ${input.runId} found it at ${formatZoned(input.time, input.timeZone)} and took over.`;
  const rows = input.interrupted.flatMap((r) => r.journal.map((e) => [r.id, e.step, formatZoned(e.startedAt, input.timeZone, { seconds: true }), formatDuration(e.durationMs), e.outcome, oneLine(e.error ?? '')]));
  const text = [summary, '', 'Journal of the stopped run', rows.length > 0 ? textTable(JOURNAL_COLUMNS, rows) : '  No step was recorded.', '', 'What to do next', `  ${HINT}`, ''].join('\n');
  const html = htmlDocument(
    subject,
    [htmlParagraph(summary, 'warning'), htmlHeading('Journal of the stopped run'), rows.length > 0 ? htmlTable(JOURNAL_COLUMNS, rows) : htmlParagraph('No step was recorded.'), htmlHeading('What to do next'), htmlParagraph(HINT)].join('\n'),
  );
  return { kind: 'alert', subject, text, html, time: input.time, foldKey: alertFoldKey('interrupted', ids.join(', ')) };
}
