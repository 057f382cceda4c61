// Tests src/cli/calendar-command.ts; it sits here because the cli folder belongs to the CLI's owner.
import { Command, CommanderError } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerCalendarCommand } from '../cli/calendar-command.js';
import { calendarReport, formatSessions } from './calendar-report.js';
import { getCalendar } from './get-calendar.js';

async function run(...args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
  let out = '';
  let err = '';
  const program = new Command('autofolio').exitOverride().configureOutput({
    writeOut: (s) => (out += s),
    writeErr: (s) => (err += s),
  });
  registerCalendarCommand(program);
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['calendar', ...args], { from: 'user' });
    return { out, err, exitCode: 0 };
  } catch (error) {
    if (error instanceof CommanderError) return { out, err, exitCode: error.exitCode };
    throw error;
  } finally {
    write.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('autofolio calendar', () => {
  it('prints one session per line, marking early closes', async () => {
    const { out, exitCode } = await run('--exchange', 'XNYS', '--from', '2024-07-02', '--to', '2024-07-05');
    expect(exitCode).toBe(0);
    expect(out).toBe(
      '2024-07-02  2024-07-02T13:30:00Z … 2024-07-02T20:00:00Z\n' +
        '2024-07-03  2024-07-03T13:30:00Z … 2024-07-03T17:00:00Z  early close\n' +
        '2024-07-05  2024-07-05T13:30:00Z … 2024-07-05T20:00:00Z\n',
    );
  });

  it('prints a JSON array with --json', async () => {
    const { out } = await run('--exchange', 'xlon', '--from', '2024-12-24', '--to', '2024-12-27', '--json');
    expect(JSON.parse(out)).toEqual([
      { date: '2024-12-24', open: '2024-12-24T08:00:00Z', close: '2024-12-24T12:30:00Z' },
      { date: '2024-12-27', open: '2024-12-27T08:00:00Z', close: '2024-12-27T16:30:00Z' },
    ]);
  });

  it('lists all 252 NYSE sessions of 2024', async () => {
    const { out } = await run('--from', '2024-01-01', '--to', '2024-12-31', '--json');
    expect(JSON.parse(out)).toHaveLength(252);
  });

  it.each([
    [['--exchange', 'XNAQ', '--from', '2024-01-01', '--to', '2024-01-31'], /unknown exchange "XNAQ": known exchanges are XNYS, XLON, XTSE, FX/],
    [['--from', '2024-02-30', '--to', '2024-03-31'], /invalid date "2024-02-30"/],
    [['--from', '2024-3-1', '--to', '2024-03-31'], /invalid date "2024-3-1"/],
    [['--from', '2024-04-01', '--to', '2024-03-31'], /--from 2024-04-01 is after --to 2024-03-31/],
    [['--from', '1999-12-01', '--to', '2000-01-31'], /XNYS: 1999 is outside the calendar's years 2000–2030/],
  ])('fails with a message and exit code 1 for %j', async (args, message) => {
    const { out, err, exitCode } = await run(...args);
    expect(exitCode).toBe(1);
    expect(err).toMatch(message);
    expect(out).toBe('');
  });
});

describe('formatSessions', () => {
  it('prints an empty JSON array for a range without sessions', () => {
    expect(calendarReport({ exchange: 'XNYS', from: '2024-12-25', to: '2024-12-25', json: true })).toBe('[]\n');
    expect(calendarReport({ exchange: 'XNYS', from: '2024-12-25', to: '2024-12-25' })).toBe('');
  });

  it('shows an FX session opening the evening before its date', () => {
    expect(formatSessions(getCalendar('FX').sessions('2024-03-04', '2024-03-04'), false)).toBe(
      '2024-03-04  2024-03-03T22:00:00Z … 2024-03-04T22:00:00Z\n',
    );
  });
});
