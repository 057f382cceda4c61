import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { ChannelError, type Channel, type QueuedMessage } from './channel.js';
import { mailOptions } from './mail-options.js';

export const SMTP_PASSWORD_ENV = 'AUTOFOLIO_SMTP_PASSWORD';

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (port 465); otherwise plain, upgraded by STARTTLS. */
  readonly secure: boolean;
  /** Refuse to send unless the connection is encrypted (STARTTLS is then mandatory). */
  readonly requireTls: boolean;
  readonly user?: string;
  /** From the environment only (AUTOFOLIO_SMTP_PASSWORD); needed when `user` is set. */
  readonly password?: string;
  readonly from: string;
  readonly to: string;
  /** PEM certificates to trust besides the system's, for a relay with its own CA. */
  readonly ca?: string;
  /** Limit for connecting, for the greeting and for each read or write on the socket. */
  readonly timeoutMs: number;
  /** Values redacted from every message; read at each send. */
  readonly secrets: () => readonly string[];
}

// Replies that refuse one message (a recipient, the size, the content), not the channel.
const MESSAGE_CODES = new Set(['EENVELOPE', 'EMESSAGE']);

/** Delivers by SMTP through nodemailer; the only file that talks SMTP. */
export class SmtpChannel implements Channel {
  readonly name = 'email';
  readonly #settings: SmtpSettings;
  #transport: Promise<Transporter<SMTPTransport.SentMessageInfo>> | undefined;

  constructor(settings: SmtpSettings) {
    this.#settings = Object.freeze({ ...settings });
  }

  async deliver(message: QueuedMessage): Promise<void> {
    const { host, port, from, to, user, password } = this.#settings;
    if (user !== undefined && !password) {
      throw new ChannelError(`SMTP ${host}:${port}: notify.email.user is set but the environment variable ${SMTP_PASSWORD_ENV} is empty: export the password (for Gmail an app password) before autofolio starts`, 'channel');
    }
    const options = mailOptions(message.notice, { from, to, time: message.notice.time, messageId: message.messageId }, [...this.#settings.secrets(), ...(password ? [password] : [])]);
    try {
      await (await this.#transporter()).sendMail(options);
    } catch (error) {
      const e = error as { code?: string; responseCode?: number; message?: string };
      const scope = MESSAGE_CODES.has(e.code ?? '') || e.responseCode === 552 ? 'message' : 'channel';
      throw new ChannelError(`SMTP ${host}:${port}: ${e.message ?? String(error)}`, scope, { cause: error });
    }
  }

  #transporter(): Promise<Transporter<SMTPTransport.SentMessageInfo>> {
    const s = this.#settings;
    // Nothing connects here: nodemailer opens a connection per sendMail and closes it after. It
    // is loaded at the first message: it takes longer to load than `status` takes to run.
    this.#transport ??= import('nodemailer').then(({ createTransport }) => createTransport({
      host: s.host,
      port: s.port,
      secure: s.secure,
      requireTLS: s.requireTls && !s.secure,
      ...(s.user !== undefined ? { auth: { user: s.user, pass: s.password ?? '' } } : {}),
      // nodemailer's defaults (2 min to connect, 10 min per socket read) would hold a run up.
      connectionTimeout: s.timeoutMs,
      greetingTimeout: s.timeoutMs,
      socketTimeout: s.timeoutMs,
      dnsTimeout: s.timeoutMs,
      tls: { minVersion: 'TLSv1.2', ...(s.ca ? { ca: s.ca } : {}) },
      logger: false,
      debug: false,
    }));
    return this.#transport;
  }
}
