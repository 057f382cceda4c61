import { silentLogger, type Logger } from './logger.js';

let current: Logger = silentLogger;

/**
 * The logger of this process, set once by the command line's entry point from the log
 * settings; silent until then (unit tests, a backtest's worker threads, library use).
 */
export function processLogger(): Logger {
  return current;
}

export function setProcessLogger(logger: Logger): void {
  current = logger;
}
