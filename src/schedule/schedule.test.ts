import { describe, expect, it } from 'vitest';
import { getCalendar } from '../calendar/get-calendar.js';
import { buildSchedule, cronRule, defaultTradeExpression } from './schedule.js';

const DEFAULTS = { afterOpenMinutes: 5, beforeCloseMinutes: 10, endOfDay: '0 5 * * *', heartbeatUrlEnv: 'AUTOFOLIO_HEARTBEAT_URL', watchdogGraceMinutes: 20 };
const at = Date.parse('2025-03-01T00:00:00Z');

describe('the default trading expression', () => {
  it('is every hour at five minutes past the exchange open minute', () => {
    expect(defaultTradeExpression(getCalendar('XNYS'), 5, at)).toBe('35 * * * *');
    expect(defaultTradeExpression(getCalendar('XLON'), 5, at)).toBe('5 * * * *');
    expect(defaultTradeExpression(getCalendar('XNYS'), 40, at)).toBe('10 * * * *');
  });

  it('is used only when the config names no expression', () => {
    expect(buildSchedule(DEFAULTS, getCalendar('XNYS'), at).trade.map((r) => r.expression)).toEqual(['35 * * * *']);
    expect(buildSchedule({ ...DEFAULTS, trade: ['0 10,14 * * *'] }, getCalendar('XNYS'), at).trade.map((r) => r.expression)).toEqual(['0 10,14 * * *']);
  });
});

describe('cronRule', () => {
  it('reads the expression in the time zone, across a DST change', () => {
    const rule = cronRule('0 5 * * *', 'America/New_York', 'f');
    expect(new Date(rule.next(Date.parse('2025-03-08T12:00:00Z'))!).toISOString()).toBe('2025-03-09T09:00:00.000Z');
    expect(new Date(rule.next(Date.parse('2025-03-08T00:00:00Z'))!).toISOString()).toBe('2025-03-08T10:00:00.000Z');
  });

  it('names the field of an expression croner refuses', () => {
    expect(() => cronRule('61 * * * *', 'America/New_York', 'schedule.trade[0]')).toThrow(/^schedule.trade\[0\]: "61 \* \* \* \*" is not a cron expression/);
  });
});
