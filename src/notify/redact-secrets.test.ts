import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { redactSecrets, secretsFromEnv } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redactSecrets('login hunter22 failed; retried with hunter22 and s3cr3t', ['hunter22', 's3cr3t'])).toBe(
      'login [redacted] failed; retried with [redacted] and [redacted]',
    );
  });

  it('replaces a secret that contains another one whole', () => {
    expect(redactSecrets('key=abcd1234wxyz', ['abcd', 'abcd1234wxyz'])).toBe('key=[redacted]');
  });

  it('finds a secret in its HTML-escaped and URL-encoded forms', () => {
    const secret = 'p@ss<w>rd&1';
    expect(redactSecrets('<td>p@ss&lt;w&gt;rd&amp;1</td>', [secret])).toBe('<td>[redacted]</td>');
    expect(redactSecrets('postgres://u:p%40ss%3Cw%3Erd%261@db/x', [secret])).toBe('postgres://u:[redacted]@db/x');
  });

  it('treats regular-expression characters in a secret literally', () => {
    expect(redactSecrets('a.b+c and axb+c', ['a.b+c'])).toBe('[redacted] and axb+c');
  });

  it('leaves text alone without secrets and ignores empty ones', () => {
    expect(redactSecrets('nothing to hide', [])).toBe('nothing to hide');
    expect(redactSecrets('nothing to hide', [''])).toBe('nothing to hide');
  });
});

describe('secretsFromEnv', () => {
  it('takes values of variables named like passwords, secrets, tokens and keys', () => {
    const env = {
      AUTOFOLIO_SMTP_PASSWORD: 'smtp-pass-123',
      IB_CLIENT_SECRET: 'client-secret',
      github_token: 'ghp_abcdef',
      API_KEY: 'key-value-1',
      HOME: '/home/trader',
      EMPTY_TOKEN: undefined,
    };
    expect(secretsFromEnv(env).sort()).toEqual(['client-secret', 'ghp_abcdef', 'key-value-1', 'smtp-pass-123']);
  });

  it('skips short and flag-like values that would blank out ordinary words', () => {
    expect(secretsFromEnv({ KEYBOARD: 'us', USE_KEYCHAIN: '1', SECRET_FLAG: 'true', API_KEY: 'real-key' })).toEqual(['real-key']);
  });
});

describe('base64 forms of a secret', () => {
  it('redacts the secret inside any AUTH PLAIN line, whatever the user name, and its own base64', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 30 }), fc.string({ minLength: 6, maxLength: 40 }).filter((p) => !p.includes('\0')), (user, password) => {
        const plain = Buffer.from(`\0${user}\0${password}`).toString('base64');
        const login = Buffer.from(password).toString('base64');
        const redacted = redactSecrets(`535 echo: AUTH PLAIN ${plain} / ${login}`, [password]);
        expect(redacted).not.toContain(login.replace(/=+$/, ''));
        // What is left of the AUTH PLAIN line no longer decodes to anything holding the password.
        const left = /AUTH PLAIN (\S*)/.exec(redacted)![1]!;
        expect(left).not.toBe(plain);
        expect(Buffer.from(left.replace(/\[redacted\]/g, ''), 'base64').toString('utf8')).not.toContain(password);
      }),
    );
  });
});
