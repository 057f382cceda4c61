import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export const FIXTURE_CERT = new URL('./fixtures/smtp/cert.pem', import.meta.url).pathname;
const FIXTURE_KEY = new URL('./fixtures/smtp/key.pem', import.meta.url).pathname;

export interface ReceivedMail {
  readonly raw: Buffer;
  readonly parsed: ParsedMail;
  readonly from: string;
  readonly to: readonly string[];
  /** The login used, when the session authenticated. */
  readonly user?: string;
  /** Whether the message travelled over TLS (STARTTLS or implicit). */
  readonly secure: boolean;
}

export interface TestSmtpServer {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Resolves once `count` messages have arrived; rejects after `ms`. */
  waitFor(count: number, ms?: number): Promise<void>;
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** Require this login; without it the server offers no AUTH. */
  readonly auth?: { readonly user: string; readonly pass: string };
  /** 'starttls': plain, upgraded on request; 'implicit': TLS from the first byte; 'none': no TLS at all. */
  readonly tls: 'starttls' | 'implicit' | 'none';
  /** 0 (default) takes a free port. */
  readonly port?: number;
  /**
   * Refuse every login with an error reply that echoes the client's AUTH line (`AUTH PLAIN`
   * and its base64 of `\0user\0password`, or the base64 password of `AUTH LOGIN`), as some
   * servers do in their logs and replies.
   */
  readonly echoAuthInError?: boolean;
}

/** A real SMTP server (the smtp-server package) on 127.0.0.1 that keeps every message it accepts. */
export async function startSmtpServer(options: TestSmtpOptions): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    secure: options.tls === 'implicit',
    ...(options.tls !== 'none' ? { key: readFileSync(FIXTURE_KEY), cert: readFileSync(FIXTURE_CERT) } : {}),
    disabledCommands: [...(options.tls === 'none' ? ['STARTTLS'] : []), ...(options.auth ? [] : ['AUTH'])],
    authOptional: !options.auth,
    allowInsecureAuth: options.tls === 'none',
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.echoAuthInError) {
        const echoed = auth.method === 'PLAIN' ? `AUTH PLAIN ${Buffer.from(`\0${auth.username}\0${auth.password ?? ''}`).toString('base64')}` : `AUTH ${auth.method} ${Buffer.from(auth.password ?? '').toString('base64')}`;
        callback(new Error(`Authentication failed for: ${echoed}`));
        return;
      }
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            received.push({
              raw,
              parsed,
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              ...(typeof session.user === 'string' ? { user: session.user } : {}),
              secure: session.secure,
            });
            for (const wake of waiters.splice(0)) wake();
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    async waitFor(count, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`the SMTP server received ${received.length} of ${count} messages within ${ms} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A free port on 127.0.0.1 with nothing listening on it (taken, then released). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
