import { describe, expect, it } from 'vitest';
import { dueLoginReminder, loginReminderNotice } from './login-reminder.js';

const SPEC = { day: 'sunday', at: '01:00', timeZone: 'America/New_York', minutes: 120, remindHoursBefore: 12 } as const;
// Sunday 7 January 2024, 01:00 New York = 06:00Z.
const WINDOW = Date.parse('2024-01-07T06:00:00Z');

describe('the reminder of the weekly IB Gateway login', () => {
  it('is due from remindHoursBefore ahead of the window, once', () => {
    expect(dueLoginReminder(SPEC, WINDOW - 13 * 3_600_000, undefined)).toBeUndefined();
    expect(dueLoginReminder(SPEC, WINDOW - 11 * 3_600_000, undefined)).toEqual({ start: WINDOW, end: WINDOW + 2 * 3_600_000 });
    expect(dueLoginReminder(SPEC, WINDOW - 10 * 3_600_000, WINDOW)).toBeUndefined();
  });

  it('is never due with remindHoursBefore 0, and comes again the week after', () => {
    expect(dueLoginReminder({ ...SPEC, remindHoursBefore: 0 }, WINDOW - 3_600_000, undefined)).toBeUndefined();
    expect(dueLoginReminder(SPEC, WINDOW + 7 * 86_400_000 - 3_600_000, WINDOW)?.start).toBe(WINDOW + 7 * 86_400_000);
  });

  it('tells the owner when and what to accept', () => {
    const notice = loginReminderNotice('DU1', SPEC, { start: WINDOW, end: WINDOW + 7_200_000 }, WINDOW - 3_600_000);
    expect(notice.subject).toBe("[autofolio] ACTION DU1: IB Gateway's weekly login at 2024-01-07T06:00:00.000Z needs your phone");
    expect(notice.text).toMatch(/sunday at 01:00 America\/New_York/);
    expect(notice.text).toMatch(/two-factor notification to the IBKR Mobile app/);
  });
});
