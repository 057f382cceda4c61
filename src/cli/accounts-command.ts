import type { Command } from 'commander';
import { withQueueUrlEnv } from './queue-options.js';

export function registerAccountsCommand(program: Command): void {
  const accounts = program.command('accounts').description('The accounts that `autofolio scheduler` and `autofolio worker` run from the job queue (PostgreSQL)');
  withQueueUrlEnv(accounts.command('add').description('Register an account by its config file (every worker machine must have the file at the same path)').argument('<config>', 'the account\'s autofolio.yaml')).action(async (file: string, options: { queueUrlEnv: string }) => {
    const { addAccount } = await import('./accounts-action.js');
    await addAccount(file, options.queueUrlEnv);
  });
  withQueueUrlEnv(accounts.command('list').description('The registered accounts and their config files')).action(async (options: { queueUrlEnv: string }) => {
    const { listAccounts } = await import('./accounts-action.js');
    await listAccounts(options.queueUrlEnv);
  });
  withQueueUrlEnv(accounts.command('status').description('Every registered account: last run, its outcome, NLV, next trigger').option('--json', 'print JSON')).action(async (options: { queueUrlEnv: string; json?: boolean }) => {
    const { accountsStatus } = await import('./accounts-action.js');
    await accountsStatus(options.queueUrlEnv, options.json ?? false);
  });
}
