import { describe, expect, it } from 'vitest';
import { logOptionsFromEnv } from './log-options.js';
import { prettyLine } from './pretty-line.js';

describe('where the log goes', () => {
  const piped = { stderrIsTerminal: false, longRunning: false };
  const typed = { stderrIsTerminal: true, longRunning: false };

  it('is JSON lines on stderr when nobody watches (cron, journald, Docker, a pipe)', () => {
    expect(logOptionsFromEnv({}, piped)).toMatchObject({ destination: 'stderr', format: 'json', level: 'info' });
  });

  it('keeps a command typed on a terminal to its printout: warnings and errors only, pretty', () => {
    expect(logOptionsFromEnv({}, typed)).toMatchObject({ destination: 'stderr', format: 'pretty', level: 'warn' });
    expect(logOptionsFromEnv({}, { stderrIsTerminal: true, longRunning: true })).toMatchObject({ format: 'pretty', level: 'info' });
  });

  it('goes to a file as JSON whatever the terminal, at the level asked for', () => {
    expect(logOptionsFromEnv({ AUTOFOLIO_LOG: '/var/log/af.log', AUTOFOLIO_LOG_FORMAT: 'pretty', AUTOFOLIO_LOG_LEVEL: 'debug' }, typed)).toMatchObject({ destination: { file: '/var/log/af.log' }, format: 'json', level: 'debug' });
  });

  it('refuses a format or level it does not know, naming the variable', () => {
    expect(() => logOptionsFromEnv({ AUTOFOLIO_LOG_LEVEL: 'loud' }, piped)).toThrow(/AUTOFOLIO_LOG_LEVEL="loud": expected one of debug, info/);
    expect(() => logOptionsFromEnv({ AUTOFOLIO_LOG_FORMAT: 'xml' }, piped)).toThrow(/AUTOFOLIO_LOG_FORMAT="xml"/);
  });
});

describe('a pretty line', () => {
  it('shows the time, level, account, run and step before the message, then the other fields', () => {
    const json = JSON.stringify({ level: 'warn', time: '2025-11-14T14:35:02.123Z', pid: 7, command: 'run', account: 'A1', runId: 'r-1', step: 'risk-gate', outcome: 'blocked', msg: 'risk-gate: blocked' });
    expect(prettyLine(json)).toBe('14:35:02 WARN  [A1 · run r-1 · risk-gate] risk-gate: blocked  command=run outcome=blocked');
  });
});
