import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withLogContext } from './log-context.js';
import { createPinoLogger } from './pino-logger.js';

describe('the pino logger', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  function fileLogger(secrets: readonly string[]) {
    const dir = mkdtempSync(join(tmpdir(), 'autofolio-log-'));
    dirs.push(dir);
    const file = join(dir, 'logs', 'autofolio.log');
    const logger = createPinoLogger({ destination: { file }, format: 'json', level: 'info', base: {} }, secrets);
    return { logger, read: () => readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
  }

  it('writes one JSON object a line with time, level, message and the run id and step of the enclosing context', () => {
    const { logger, read } = fileLogger([]);
    withLogContext({ runId: 'r-1', step: 'run' }, () => {
      logger.info('starting');
      withLogContext({ step: 'connect' }, () => logger.warn('slow gateway', { ms: 1200 }));
    });
    expect(read()).toEqual([
      { time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown, level: 'info', runId: 'r-1', step: 'run', msg: 'starting' },
      { time: expect.any(String) as unknown, level: 'warn', runId: 'r-1', step: 'connect', ms: 1200, msg: 'slow gateway' },
    ]);
  });

  it('redacts secrets from messages and fields, also where JSON escapes their quotes and backslashes', () => {
    const secret = 'pw"with\\quote-7f3a';
    const { logger, read } = fileLogger([secret]);
    logger.error(`login failed for password ${secret}`, { url: `smtp://me:${secret}@mail`, nested: { value: secret } });
    const [line] = read();
    expect(JSON.stringify(line)).not.toContain('7f3a');
    expect(line).toMatchObject({ msg: 'login failed for password [redacted]', url: 'smtp://me:[redacted]@mail', nested: { value: '[redacted]' } });
  });
});
