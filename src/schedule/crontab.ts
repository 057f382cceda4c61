import type { Schedule } from './schedule.js';
import { triggersBetween, type TriggerKind } from './triggers.js';

const DAY = 86_400_000;

export interface CrontabOptions {
  readonly schedule: Schedule;
  readonly accountId: string;
  /** Triggers from this instant for a year decide the UTC lines. */
  readonly from: number;
  /** The command that starts autofolio, e.g. `/usr/bin/node /opt/autofolio/dist/bin/autofolio.js`. */
  readonly autofolio: string;
  readonly configFile: string;
  readonly logFile: string;
}

/**
 * Crontab lines that do what the daemon does. System cron knows nothing of holidays, early
 * closes or (in most implementations) time zones, so each line only wakes `autofolio daemon
 * --once`, which fires the trigger due at that moment, if any — the same rule, store and lock as
 * the daemon. The lines are UTC and cover every trigger time of the next year on both sides of
 * each DST change; at a time with nothing due the tick does nothing, so they stay right across DST.
 */
export function crontabText(options: CrontabOptions): string {
  const { schedule, accountId, configFile, logFile } = options;
  const triggers = triggersBetween(schedule, options.from, options.from + 366 * DAY);
  const tick = `${options.autofolio} daemon --once --config ${shellQuote(configFile)} >> ${shellQuote(logFile)} 2>&1`;
  const watchdog = `${options.autofolio} watchdog --config ${shellQuote(configFile)} >> ${shellQuote(logFile)} 2>&1`;
  const lines = [
    `# autofolio schedule of account ${accountId}: exchange ${schedule.calendar.mic}, time zone ${schedule.timeZone}.`,
    '# Times are UTC and cover both sides of every DST change of the coming year; at a time with',
    '# nothing due, `daemon --once` does nothing (holidays, early closes, the other DST period).',
    '# Run either these lines or `autofolio daemon`, not both: they share one lock and one record',
    '# of the last trigger fired, so a second scheduler exits without doing anything.',
    '# With a cron that reads CRON_TZ (cronie), these lines in exchange time do the same:',
    `#   CRON_TZ=${schedule.timeZone}`,
    ...schedule.trade.map((rule) => `#   ${fiveFields(rule.expression)} ${tick}`),
    `#   ${fiveFields(schedule.endOfDay.expression)} ${tick}`,
  ];
  for (const kind of ['trade', 'end-of-day'] as const satisfies readonly TriggerKind[]) {
    const times = triggers.filter((t) => t.kind === kind).map((t) => new Date(t.time));
    if (times.length === 0) continue;
    if (times.some((d) => d.getUTCSeconds() !== 0)) throw new Error('cron fires on whole minutes: schedule expressions with seconds cannot be written as crontab lines; use `autofolio daemon`');
    lines.push(`# ${kind === 'trade' ? 'trading runs' : 'the end-of-day job'}`);
    lines.push(`${field(times.map((d) => d.getUTCMinutes()))} ${field(times.map((d) => d.getUTCHours()))} * * ${field(times.map((d) => d.getUTCDay()))} ${tick}`);
  }
  lines.push("# the dead-man's switch: alerts when no run succeeded since the last trigger");
  lines.push(`*/15 * * * * ${watchdog}`);
  return `${lines.join('\n')}\n`;
}

/** A crontab field for a set of values: `35`, `9,10`, `13-20`, `1-5`. */
export function field(values: readonly number[]): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j += 1;
    const [a, b] = [sorted[i], sorted[j]];
    parts.push(j - i >= 2 ? `${a}-${b}` : sorted.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}

/** Drops a leading seconds field of `0`, which croner accepts and cron does not. */
function fiveFields(expression: string): string {
  const parts = expression.trim().split(/\s+/);
  return parts.length === 6 && parts[0] === '0' ? parts.slice(1).join(' ') : parts.join(' ');
}

/** Single quotes for the shell; `%` is escaped because cron turns a bare one into a newline. */
export function shellQuote(text: string): string {
  const quoted = /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
  return quoted.replace(/%/g, '\\%');
}
