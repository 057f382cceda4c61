/** One structured log line as autofolio writes it (README: "Logs"). */
export interface LogLine {
  readonly time: string;
  readonly level: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/**
 * The JSON log lines in a process's stderr; a line that is not a JSON object with a time, a
 * level and a message fails the test, since every log line must be one.
 */
export function logLines(stderr: string, options: { plainPrefix?: string } = {}): LogLine[] {
  return stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !(options.plainPrefix && line.startsWith(options.plainPrefix)))
    .map((line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
      const record = parsed as Partial<LogLine>;
      if (typeof record.time !== 'string' || typeof record.level !== 'string' || typeof record.msg !== 'string') throw new Error(`a log line without time, level or msg: ${line}`);
      return record as LogLine;
    });
}

/** The messages of the log lines, one a line, for matching as the old text log was matched. */
export function logText(stderr: string): string {
  return logLines(stderr, { plainPrefix: 'autofolio: ' }).map((line) => line.msg).join('\n');
}
