import { dirname } from 'node:path';
import { requireNotify, type LoadedConfig } from '../config/load.js';
import { accountPaths } from '../cycle/account-paths.js';
import { createNotifier } from '../notify/create-notifier.js';
import { redactSecrets, secretsFromEnv } from '../notify/redact-secrets.js';
import { unavailableOutbox } from '../notify/unavailable-outbox.js';
import { SqliteOutbox } from '../store/sqlite-outbox.js';
import { openStore, type AccountStore } from './open-store.js';

/**
 * Alerts the owner of a failure outside the cycle (which alerts by itself): the account could
 * not be opened (market data, database, broker settings), the run could not start, the
 * scheduler could not record a trigger. The alert goes through the outbox when the database
 * opens, so it is retried like any other; when the database is the problem, straight through
 * the configured channels. Returns what to print: where the alert went, or why it could not go.
 */
export async function alertFailure(loaded: LoadedConfig, what: string, error: unknown): Promise<string> {
  if (!loaded.notify) return 'no alert: the config has no notify section';
  const config = requireNotify(loaded);
  const paths = accountPaths(config);
  const reason = redactSecrets(error instanceof Error ? error.message : String(error), secretsFromEnv());
  const now = Date.now();
  const notice = {
    kind: 'alert' as const,
    subject: `[autofolio] ERROR ${config.account.id} ${what}: ${reason.length > 120 ? `${reason.slice(0, 117)}...` : reason}`,
    text: `${what} failed for account ${config.account.id} at ${new Date(now).toISOString()}, before any order could be sent:\n\n${reason}\n\nNo order was sent by this attempt. The next scheduled run tries again; fix the cause above first.\n`,
    time: now,
  };
  let store: AccountStore | undefined;
  try {
    store = await openStore(config);
  } catch {
    // The database is (part of) the failure: the notifier sends straight through its channels.
    store = undefined;
  }
  try {
    const notifier = createNotifier(config.notify, {
      outbox: store ? new SqliteOutbox(store.db, config.account.id) : unavailableOutbox(`the account's database (${config.store.kind === 'postgres' ? `PostgreSQL, ${config.store.urlEnv}` : paths.database}) cannot be opened`),
      emlDir: paths.outbox,
      configDir: dirname(config.configFile),
      clock: () => now,
    });
    await notifier.send(notice);
    return `alerted the owner (${config.notify.to})`;
  } catch (sendError) {
    return `could not alert the owner: ${sendError instanceof Error ? sendError.message : String(sendError)}`;
  } finally {
    await store?.close();
  }
}
