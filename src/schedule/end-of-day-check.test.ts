import { describe, expect, it } from 'vitest';
import { getCalendar } from '../calendar/get-calendar.js';
import { configSchemas } from '../config/schema.js';
import { buildSchedule } from './schedule.js';
import { endOfDayAfterGatewayRestart } from './end-of-day-check.js';

const FROM = Date.parse('2024-03-01T00:00:00Z');
const RESTART = { at: '23:45', timeZone: 'America/New_York' };
const defaults = configSchemas().configSchema.shape.schedule.parse(undefined);

describe('the end-of-day job and IB Gateway\'s daily restart', () => {
  it.each(['XNYS', 'XTSE', 'XLON'])('by default the end-of-day job on %s collects the day\'s late fills before a 23:45 New York restart forgets them', (mic) => {
    const schedule = buildSchedule(defaults, getCalendar(mic), FROM);
    expect(endOfDayAfterGatewayRestart(schedule, RESTART, FROM, 40)).toBeUndefined();
  });

  it('names the first session whose end-of-day job comes after the restart', () => {
    const schedule = buildSchedule({ ...defaults, endOfDay: '0 5 * * *' }, getCalendar('XNYS'), FROM);
    expect(endOfDayAfterGatewayRestart(schedule, RESTART, FROM)).toEqual({ session: '2024-02-29', endOfDay: Date.parse('2024-03-01T10:00:00Z'), restart: Date.parse('2024-03-01T04:45:00Z') });
  });
});
