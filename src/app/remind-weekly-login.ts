import { dueLoginReminder, loginReminderNotice } from '../schedule/login-reminder.js';
import { SqliteDocuments } from '../store/sqlite-documents.js';
import type { OpenAccount } from './open-account.js';

const REMINDED_KEY = 'schedule:weekly-login-reminded';

/**
 * E-mails the owner ahead of IB Gateway's weekly login (broker.weeklyLogin.remindHoursBefore),
 * once per login: the daemon's tick and the watchdog both call this, so cron users get it too.
 * Returns the start of the login it reminded of, if it sent one.
 */
export async function remindOfWeeklyLogin(account: OpenAccount, now: number): Promise<number | undefined> {
  const { config } = account.deps;
  if (config.broker.kind !== 'ib' || !config.broker.weeklyLogin) return undefined;
  const documents = new SqliteDocuments(account.db, config.account.id);
  const previous = (await documents.load(REMINDED_KEY)) as { window?: number } | undefined;
  const due = dueLoginReminder(config.broker.weeklyLogin, now, previous?.window);
  if (!due) return undefined;
  await account.deps.notifier.send(loginReminderNotice(config.account.id, config.broker.weeklyLogin, due, now));
  await documents.save(REMINDED_KEY, { window: due.start, at: now });
  return due.start;
}
