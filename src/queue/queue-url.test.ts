import { describe, expect, it } from 'vitest';
import { queueUrlFromEnv } from './queue-url.js';

describe('the queue\'s URL', () => {
  it('is read from the named environment variable', () => {
    expect(queueUrlFromEnv('MY_PG', { MY_PG: 'postgres://u:p@h:5432/d' })).toBe('postgres://u:p@h:5432/d');
  });

  it('is refused when given in place of the variable\'s name, without echoing it', () => {
    let message = '';
    try {
      queueUrlFromEnv('postgres://u:secret@h/d', {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/expected the name of an environment variable/);
    expect(message).not.toContain('secret');
  });

  it('names the variable when it is not set', () => {
    expect(() => queueUrlFromEnv('AUTOFOLIO_PG_URL', {})).toThrow(/AUTOFOLIO_PG_URL is not set/);
  });
});
