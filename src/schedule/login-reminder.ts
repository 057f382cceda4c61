import { nextWeeklyWindow, type TimeWindow, type WeeklyWindowSpec } from '../calendar/weekly-window.js';
import { isoTime } from '../domain/clock.js';
import type { Notice } from '../notify/notifier.js';

export interface LoginReminderSpec extends WeeklyWindowSpec {
  readonly remindHoursBefore: number;
}

/**
 * The weekly login window to remind the owner of now: the next one, once it is at most
 * `remindHoursBefore` away, unless the reminder for it already went out.
 */
export function dueLoginReminder(spec: LoginReminderSpec, now: number, remindedFor: number | undefined): TimeWindow | undefined {
  if (spec.remindHoursBefore <= 0) return undefined;
  const next = nextWeeklyWindow(spec, now);
  if (next.start - now > spec.remindHoursBefore * 3_600_000) return undefined;
  return remindedFor === next.start ? undefined : next;
}

/** The e-mail that tells the owner a login with the second factor is due. */
export function loginReminderNotice(accountId: string, spec: LoginReminderSpec, window: TimeWindow, now: number): Notice {
  const subject = `[autofolio] ACTION ${accountId}: IB Gateway's weekly login at ${isoTime(window.start)} needs your phone`;
  const text = [
    `IB Gateway of account ${accountId} logs in again on ${spec.day} at ${spec.at} ${spec.timeZone} (${isoTime(window.start)}), as IB requires once a week.`,
    "IBC enters the user name and password; IB then sends a two-factor notification to the IBKR Mobile app, which you must accept, or the gateway stays logged out and nothing trades.",
    '',
    `Runs inside the window (until ${isoTime(window.end)}, broker.weeklyLogin.minutes) wait for the gateway instead of failing; after it, a gateway still logged out is alerted.`,
    'Once it is back, the first run checks that trading works (an account read and a what-if order) before it sends anything.',
  ];
  return { kind: 'alert', subject, text: text.join('\n'), time: now };
}
