import type { LogFields } from './logger.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFormat = 'json' | 'pretty';

/** Where the structured log goes and how it looks, decided once when a command starts. */
export interface LogOptions {
  /** `stderr`, or a file that JSON lines are appended to. */
  readonly destination: 'stderr' | { readonly file: string };
  readonly format: LogFormat;
  readonly level: LogLevel;
  /** Fields on every line of the process, e.g. the account. */
  readonly base: LogFields;
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/**
 * The log settings from the environment (the README's "Logs"):
 * - AUTOFOLIO_LOG: `stderr` (default) or a file path (JSON lines, appended);
 * - AUTOFOLIO_LOG_FORMAT: `json` or `pretty`; default pretty on a terminal, JSON otherwise
 *   (journald, Docker, cron's log file, a pipe to a log shipper) and always JSON in a file;
 * - AUTOFOLIO_LOG_LEVEL: debug, info, warn, error or silent. Default info, but `warn` for a
 *   command typed on a terminal (`run`, `status` …), whose own printout is what the person reads;
 *   the daemon logs info everywhere, since its log is its output.
 */
export function logOptionsFromEnv(env: NodeJS.ProcessEnv, context: { readonly stderrIsTerminal: boolean; readonly longRunning: boolean }): LogOptions {
  const target = env.AUTOFOLIO_LOG?.trim();
  const destination = !target || target === 'stderr' ? 'stderr' : { file: target };
  const formatName = env.AUTOFOLIO_LOG_FORMAT?.trim();
  if (formatName && formatName !== 'json' && formatName !== 'pretty') throw new Error(`AUTOFOLIO_LOG_FORMAT="${formatName}": expected json or pretty`);
  const onTerminal = destination === 'stderr' && context.stderrIsTerminal;
  const format: LogFormat = destination !== 'stderr' ? 'json' : ((formatName as LogFormat | undefined) ?? (onTerminal ? 'pretty' : 'json'));
  const levelName = env.AUTOFOLIO_LOG_LEVEL?.trim();
  if (levelName && !LEVELS.includes(levelName as LogLevel)) throw new Error(`AUTOFOLIO_LOG_LEVEL="${levelName}": expected one of ${LEVELS.join(', ')}`);
  const level: LogLevel = (levelName as LogLevel | undefined) ?? (onTerminal && !context.longRunning ? 'warn' : 'info');
  return { destination, format, level, base: {} };
}
