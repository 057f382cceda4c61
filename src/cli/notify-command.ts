import type { Command } from 'commander';
import { openAccount, type OpenAccount } from '../app/open-account.js';
import { loadConfig } from '../config/load.js';
import { sendDigest } from '../cycle/steps/notify-owner.js';
import { formatUtc } from '../notify/format.js';
import type { DeliveryReport } from '../notify/deliver-outbox.js';

// A person waits at the terminal, so these commands may take longer than a run's budget.
const COMMAND_BUDGET_MS = 120_000;

export function registerNotifyCommand(program: Command): void {
  const notify = program.command('notify').description('E-mail and webhook notifications: test the channels, send the digest, deliver the outbox');

  notify
    .command('test')
    .description('Send a test message through every configured channel and say which worked (exit 1 if any failed)')
    .action(async (_options: unknown, command: Command) => {
      await withAccount(command, async (account) => {
        const id = account.deps.config.account.id;
        const now = Date.now();
        const names = account.notify.channels.map((c) => c.name).join(', ');
        const results = await account.notify.testChannels({
          kind: 'test',
          subject: `[autofolio] ${id} test message`,
          text: `This is a test message from autofolio for account ${id}, sent at ${formatUtc(now)} through: ${names}.\nIf you can read it, this channel works; alerts and digests will arrive the same way.\n`,
          time: now,
        });
        for (const r of results) console.log(r.ok ? `ok      ${r.channel} (${r.ms} ms)` : `FAILED  ${r.channel}: ${r.error}`);
        const failed = results.filter((r) => !r.ok).length;
        console.log(failed === 0 ? `all ${results.length} channels work.` : `${failed} of ${results.length} channels failed.`);
        process.exitCode = failed === 0 ? 0 : 1;
      });
    });

  notify
    .command('digest')
    .description('Send the digest of the latest snapshot now (the scheduler sends it at session start, middle and end)')
    .action(async (_options: unknown, command: Command) => {
      await withAccount(command, async (account) => {
        // Queued only here, then delivered once, so that the command can report the outcome.
        const queueOnly = { send: async (notice: Parameters<typeof account.notify.enqueue>[0]) => void (await account.notify.enqueue(notice)) };
        const sent = await sendDigest({ ...account.deps, notifier: queueOnly }, { label: 'on request', now: account.deps.clock.now() });
        if (!sent) {
          console.error('no snapshot yet: `autofolio run` makes the first, then the digest has something to show');
          process.exitCode = 1;
          return;
        }
        process.exitCode = printReport(await account.notify.deliver(COMMAND_BUDGET_MS));
      });
    });

  notify
    .command('deliver')
    .description('Deliver what the outbox holds now (after an outage); runs and the daemon do this by themselves')
    .action(async (_options: unknown, command: Command) => {
      await withAccount(command, async (account) => {
        process.exitCode = printReport(await account.notify.deliver(COMMAND_BUDGET_MS));
      });
    });
}

/** Prints what went and what did not; the exit code is 1 when anything failed. */
function printReport(report: DeliveryReport): number {
  for (const s of report.sent) console.log(`sent    ${s.channel}: ${s.subject}`);
  for (const f of report.failed) console.log(`FAILED  ${f.channel}: ${f.subject}\n        ${f.error}`);
  if (report.expired > 0) console.log(`gave up on ${report.expired} deliveries queued longer than notify.retry.giveUpHours`);
  console.log(`${report.sent.length} sent, ${report.failed.length} failed, ${report.pending} still queued${report.pending > 0 ? ' (retried by the next run, daemon tick or `autofolio notify deliver`)' : ''}.`);
  return report.failed.length > 0 ? 1 : 0;
}

async function withAccount(command: Command, body: (account: OpenAccount) => Promise<void>): Promise<void> {
  const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
  const account = await openAccount(config);
  try {
    await body(account);
  } finally {
    await account.close();
  }
}
