import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heartbeatUrlFrom, pingHeartbeat, pingUrl } from './heartbeat.js';

describe('pingUrl', () => {
  it('keeps the URL for success and appends /fail for a failure, keeping the query', () => {
    const base = new URL('https://hc-ping.com/abc-123/?rid=1');
    expect(pingUrl(base, true).href).toBe('https://hc-ping.com/abc-123/?rid=1');
    expect(pingUrl(base, false).href).toBe('https://hc-ping.com/abc-123/fail?rid=1');
  });
});

describe('heartbeatUrlFrom', () => {
  it('reads the named variable, absent means no ping, and a non-URL fails loudly without echoing it', () => {
    expect(heartbeatUrlFrom({}, 'HB')).toBeUndefined();
    expect(heartbeatUrlFrom({ HB: 'https://example.test/x' }, 'HB')?.host).toBe('example.test');
    expect(() => heartbeatUrlFrom({ HB: 'not a secret url' }, 'HB')).toThrow(/HB is not a URL/);
    expect(() => heartbeatUrlFrom({ HB: 'not a secret url' }, 'HB')).not.toThrow(/secret/);
    expect(() => heartbeatUrlFrom({ HB: 'ftp://x/y' }, 'HB')).toThrow(/http/);
  });
});

describe('pingHeartbeat against a local server', () => {
  let server: Server;
  let base: URL;
  const seen: { path: string; body: string }[] = [];
  let status = 200;
  let delayMs = 0;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ path: req.url ?? '', body });
        setTimeout(() => res.writeHead(status).end('OK'), delayMs);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ping/uuid`);
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts the run summary to the URL, or to URL/fail after a failed run', async () => {
    const log: string[] = [];
    expect(await pingHeartbeat(base, true, 'run r1 ok', { log: (l) => log.push(l) })).toBe(true);
    expect(await pingHeartbeat(base, false, 'run r2 error', { log: (l) => log.push(l) })).toBe(true);
    expect(seen.slice(-2)).toEqual([
      { path: '/ping/uuid', body: 'run r1 ok' },
      { path: '/ping/uuid/fail', body: 'run r2 error' },
    ]);
    expect(log).toEqual([]);
  });

  it('logs an HTTP error, a timeout and a refused connection, and never throws', async () => {
    const log: string[] = [];
    status = 503;
    expect(await pingHeartbeat(base, true, 'x', { log: (l) => log.push(l) })).toBe(false);
    status = 200;
    delayMs = 500;
    expect(await pingHeartbeat(base, true, 'x', { timeoutMs: 50, log: (l) => log.push(l) })).toBe(false);
    delayMs = 0;
    expect(await pingHeartbeat(new URL('http://127.0.0.1:1/secret-uuid'), true, 'x', { log: (l) => log.push(l) })).toBe(false);
    expect(log[0]).toMatch(/HTTP 503/);
    expect(log[1]).toMatch(/timed out/);
    expect(log[2]).toMatch(/failed/);
    expect(log.join('\n')).not.toMatch(/uuid/);
  });
});
