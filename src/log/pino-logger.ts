import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import { redactSecrets } from '../notify/redact-secrets.js';
import { currentLogContext } from './log-context.js';
import type { LogOptions } from './log-options.js';
import type { LogFields, Logger } from './logger.js';
import { prettyLine } from './pretty-line.js';

/**
 * The process's logger on pino: one JSON object a line with time, level, message, the bound
 * fields (account) and those of the enclosing log context (run id, step). Every line passes the
 * secret redaction that e-mails pass, after serialisation, so no field can carry a secret out.
 */
export function createPinoLogger(options: LogOptions, secrets: readonly string[]): Logger {
  const forms = secretForms(secrets);
  const instance = pino(
    {
      level: options.level,
      base: { ...options.base },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => ({ ...currentLogContext() }),
      hooks: { streamWrite: (line) => redactSecrets(line, forms) },
    },
    destination(options),
  );
  return wrap(instance);
}

/** A secret as it appears inside a JSON string (quotes and backslashes escaped), besides its plain forms. */
function secretForms(secrets: readonly string[]): string[] {
  return secrets.flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]);
}

function destination(options: LogOptions): DestinationStream {
  if (options.destination !== 'stderr') return pino.destination({ dest: options.destination.file, append: true, mkdir: true, sync: true });
  // Synchronous: a command ends with process.exitCode, and lines still buffered would be lost.
  if (options.format === 'json') return pino.destination({ fd: 2, sync: true });
  return { write: (line: string) => void process.stderr.write(`${prettyLine(line.trimEnd())}\n`) };
}

function wrap(instance: Pino): Logger {
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: LogFields) => instance[level]({ ...fields }, message);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (bindings) => wrap(instance.child({ ...bindings })) };
}
