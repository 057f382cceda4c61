import { describe, expect, it } from 'vitest';
import { getCalendar } from '../calendar/get-calendar.js';
import { crontabText, field, shellQuote } from './crontab.js';
import { buildSchedule } from './schedule.js';

const DEFAULTS = { afterOpenMinutes: 5, beforeCloseMinutes: 10, endOfDay: '0 5 * * *', heartbeatUrlEnv: 'AUTOFOLIO_HEARTBEAT_URL', watchdogGraceMinutes: 20 };

describe('crontab lines', () => {
  it('cover the NYSE hours on both sides of DST in UTC, and tick the scheduler and the watchdog', () => {
    const at = Date.parse('2025-01-01T00:00:00Z');
    const text = crontabText({ schedule: buildSchedule(DEFAULTS, getCalendar('XNYS'), at), accountId: 'A1', from: at, autofolio: '/usr/bin/node /opt/af/main.js', configFile: '/home/me/my account/autofolio.yaml', logFile: '/home/me/cron.log' });
    const active = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(active).toEqual([
      // 09:35–15:35 New York is 14:35–20:35 UTC in winter and 13:35–19:35 in summer.
      "35 13-20 * * 1-5 /usr/bin/node /opt/af/main.js daemon --once --config '/home/me/my account/autofolio.yaml' >> /home/me/cron.log 2>&1",
      // 05:00 New York, Tuesday to Saturday (after Monday's to Friday's sessions): 10:00 or 09:00 UTC.
      "0 9,10 * * 2-6 /usr/bin/node /opt/af/main.js daemon --once --config '/home/me/my account/autofolio.yaml' >> /home/me/cron.log 2>&1",
      "*/15 * * * * /usr/bin/node /opt/af/main.js watchdog --config '/home/me/my account/autofolio.yaml' >> /home/me/cron.log 2>&1",
    ]);
    expect(text).toContain('#   CRON_TZ=America/New_York\n#   35 * * * * /usr/bin/node');
    expect(text).toContain('#   0 5 * * * /usr/bin/node');
  });

  it('follows the London exchange and its own DST dates', () => {
    const at = Date.parse('2025-01-01T00:00:00Z');
    const text = crontabText({ schedule: buildSchedule(DEFAULTS, getCalendar('XLON'), at), accountId: 'A1', from: at, autofolio: 'af', configFile: '/c.yaml', logFile: '/l' });
    // 08:05–16:05 London: 08:05–16:05 UTC in winter, 07:05–15:05 in summer.
    expect(text).toMatch(/^5 7-16 \* \* 1-5 af daemon --once/m);
  });
});

describe('field', () => {
  it('writes runs of three or more as ranges and the rest as lists', () => {
    expect(field([20, 13, 14, 15, 16, 17, 18, 19, 13])).toBe('13-20');
    expect(field([9, 10])).toBe('9,10');
    expect(field([0, 1, 2, 5, 7, 8, 9])).toBe('0-2,5,7-9');
  });
});

describe('shellQuote', () => {
  it('quotes spaces and quotes, and escapes the % that cron would turn into a newline', () => {
    expect(shellQuote('/a/b.yaml')).toBe('/a/b.yaml');
    expect(shellQuote("/it's here/x")).toBe("'/it'\\''s here/x'");
    expect(shellQuote('/a%b')).toBe('/a\\%b');
  });
});
