import type { Command } from 'commander';
import { calendarReport } from '../calendar/calendar-report.js';
import { CalendarError } from '../calendar/errors.js';
import { knownMics } from '../calendar/get-calendar.js';

interface CalendarCommandOptions {
  exchange: string;
  from: string;
  to: string;
  json?: boolean;
}

/** Adds `autofolio calendar`: the trading sessions of an exchange between two dates, in UTC. */
export function registerCalendarCommand(program: Command): Command {
  return program
    .command('calendar')
    .description('print the trading sessions of an exchange between two dates (open and close in UTC)')
    .option('--exchange <mic>', `exchange: ${knownMics().join(', ')}`, 'XNYS')
    .requiredOption('--from <date>', 'first date, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last date, YYYY-MM-DD')
    .option('--json', 'print a JSON array of {date, open, close}')
    .action((options: CalendarCommandOptions, command: Command) => {
      let report: string;
      try {
        report = calendarReport(options);
      } catch (error) {
        // A wrong exchange or date is the user's to fix: say so on stderr and exit 1.
        // Anything else is a bug and keeps its stack.
        if (error instanceof CalendarError) command.error(`error: ${error.message}`, { exitCode: 1, code: 'autofolio.calendar' });
        throw error;
      }
      process.stdout.write(report);
    });
}
