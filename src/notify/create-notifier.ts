import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { NotifyConfig } from '../config/schema.js';
import type { Channel } from './channel.js';
import { EmlFolderChannel } from './eml-folder-channel.js';
import type { OutboxStore } from './outbox-store.js';
import { QueuedNotifier } from './queued-notifier.js';
import { secretsFromEnv } from './redact-secrets.js';
import { SMTP_PASSWORD_ENV, SmtpChannel } from './smtp-channel.js';
import { WebhookChannel } from './webhook-channel.js';

export interface NotifierParts {
  readonly outbox: OutboxStore;
  /** Absolute folder of .eml files, the channel used while no SMTP server is configured. */
  readonly emlDir: string;
  /** The config file's folder: notify.email.caFile is relative to it. */
  readonly configDir: string;
  /** The run's clock (epoch ms). */
  readonly clock: () => number;
  /** Where the SMTP password and webhook URLs are read; defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly wallClock?: () => number;
}

/**
 * Builds the account's notifier from `notify` in the config: SMTP when `email` is set,
 * otherwise the .eml folder, plus any webhooks, all behind the persistent outbox. Secrets come
 * from the environment and are redacted from every message. Nothing connects here.
 */
export function createNotifier(config: NotifyConfig, parts: NotifierParts): QueuedNotifier {
  const env = parts.env ?? process.env;
  const password = env[SMTP_PASSWORD_ENV] || undefined;
  const urls = config.webhooks.map((hook) => env[hook.urlEnv] || undefined);
  const secrets = (): string[] => [...secretsFromEnv(env), ...(password ? [password] : []), ...urls.filter((u): u is string => u !== undefined)];
  const email = config.email;
  const from = email?.from ?? config.from;
  const to = email?.to ?? config.to;

  const channels: Channel[] = [];
  if (email) {
    let ca: string | undefined;
    if (email.caFile) {
      const path = resolve(parts.configDir, email.caFile);
      try {
        ca = readFileSync(path, 'utf8');
      } catch (error) {
        throw new Error(`notify.email.caFile: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}): fix the path or remove the key`);
      }
    }
    channels.push(
      new SmtpChannel({
        host: email.host,
        port: email.port,
        secure: email.secure,
        requireTls: email.requireTls,
        ...(email.user !== undefined ? { user: email.user } : {}),
        ...(password ? { password } : {}),
        from,
        to,
        ...(ca ? { ca } : {}),
        timeoutMs: email.timeoutSeconds * 1000,
        secrets,
      }),
    );
  } else {
    channels.push(new EmlFolderChannel({ dir: parts.emlDir, from, to, clock: parts.clock, env }));
  }
  config.webhooks.forEach((hook, index) => {
    channels.push(
      new WebhookChannel({
        kind: hook.kind,
        name: hook.name ? `${hook.kind}:${hook.name}` : hook.kind,
        url: urls[index],
        urlEnv: hook.urlEnv,
        ...(hook.chatId !== undefined ? { chatId: hook.chatId } : {}),
        kinds: new Set(hook.kinds),
        timeoutMs: (email?.timeoutSeconds ?? 10) * 1000,
      }),
    );
  });

  return new QueuedNotifier({
    outbox: parts.outbox,
    channels,
    clock: parts.clock,
    ...(parts.wallClock ? { wallClock: parts.wallClock } : {}),
    budgetMs: config.sendBudgetSeconds * 1000,
    retry: { firstMs: config.retry.firstSeconds * 1000, maxMs: config.retry.maxMinutes * 60_000, giveUpMs: config.retry.giveUpHours * 3_600_000 },
    reminderMs: config.reminderMinutes * 60_000,
    secrets,
    from,
  });
}
