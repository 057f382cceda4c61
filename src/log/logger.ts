/** Fields of one log line besides its time, level and message. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The log port: structured lines for journald, Docker or a log shipper, separate from what a
 * command prints for the person who ran it. `child` binds fields (account, run id, step) that
 * every line it writes carries.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(bindings: LogFields): Logger;
}

/** Writes nothing: the default for code run without a process logger (unit tests, backtests). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

/** A logger that keeps its lines in memory, for tests of what is logged. */
export function memoryLogger(lines: { level: string; message: string; fields: LogFields }[] = [], bound: LogFields = {}): Logger & { readonly lines: typeof lines } {
  const write = (level: string) => (message: string, fields: LogFields = {}) => void lines.push({ level, message, fields: { ...bound, ...fields } });
  return { lines, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), child: (bindings) => memoryLogger(lines, { ...bound, ...bindings }) };
}
