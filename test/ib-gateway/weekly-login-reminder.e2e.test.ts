import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { autofolio } from '../cli.js';
import { ibAccountDir } from './account-dir.js';

async function subjects(dir: string): Promise<string[]> {
  const folder = join(dir, 'state', 'outbox');
  if (!existsSync(folder)) return [];
  const mails = await Promise.all(readdirSync(folder).filter((f) => f.endsWith('.eml')).map((f) => simpleParser(readFileSync(join(folder, f)))));
  return mails.map((m) => m.subject ?? '');
}

describe('the reminder of IB Gateway’s weekly login, from the watchdog’s cron line', () => {
  // No gateway is needed: the reminder reads only the config and the account's records.
  const { dir, config } = ibAccountDir(1, ", weeklyLogin: { day: sunday, at: '01:00', timeZone: America/New_York, remindHoursBefore: 12 }");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const watchdog = (time: string) => autofolio(['watchdog', '--json', '--config', config], { env: { AUTOFOLIO_DAEMON_CLOCK: time } });
  const reminders = async () => (await subjects(dir)).filter((s) => s.includes("IB Gateway's weekly login"));

  it('says nothing more than remindHoursBefore ahead of the login', async () => {
    // Sunday 7 January 2024, 01:00 New York is 06:00Z; twenty hours before:
    const result = await watchdog('2024-01-06T10:00:00Z');
    expect(JSON.parse(result.stdout)).not.toHaveProperty('weeklyLoginReminded');
    expect(await reminders()).toEqual([]);
  });

  it('e-mails the owner once inside remindHoursBefore, however often the watchdog runs', async () => {
    const first = await watchdog('2024-01-06T20:00:00Z');
    expect(JSON.parse(first.stdout)).toMatchObject({ weeklyLoginReminded: '2024-01-07T06:00:00.000Z' });
    await watchdog('2024-01-06T20:15:00Z');
    expect(await reminders()).toEqual(["[autofolio] ACTION DU111111: IB Gateway's weekly login at 2024-01-07T06:00:00.000Z needs your phone"]);
  });
});
