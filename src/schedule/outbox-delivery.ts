import { openAccount } from '../app/open-account.js';
import { remindOfWeeklyLogin } from '../app/remind-weekly-login.js';
import type { LoadedConfig } from '../config/load.js';
import type { Clock } from '../domain/clock.js';

/**
 * The weekly login reminder, if one is due, then one delivery pass over the account's persistent outbox (src/notify's deliverOutbox, through
 * the account's notifier): the daemon calls it after each run and on its periodic tick, so a
 * message queued while the mail server was down goes out without waiting for the next run.
 */
export function outboxDelivery(config: LoadedConfig, clock: Clock, log: (line: string) => void): () => Promise<void> {
  return async () => {
    const account = await openAccount(config, { clock });
    try {
      const reminded = await remindOfWeeklyLogin(account, clock.now());
      if (reminded !== undefined) log(`reminded the owner of IB Gateway's weekly login at ${new Date(reminded).toISOString()}`);
      // Each pass opens a fresh notifier, which would retry everything at once; a periodic pass
      // follows the backoff instead, so a dead mail server is not asked every five minutes.
      const report = await account.notify.deliver(undefined, { followBackoff: true });
      if (report.sent.length > 0 || report.failed.length > 0 || report.expired > 0) {
        log(`outbox: ${report.sent.length} delivered, ${report.failed.length} failed (retried later), ${report.expired} given up, ${report.pending} pending`);
      }
    } finally {
      await account.close();
    }
  };
}
