import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { openAccount } from '../app/open-account.js';
import { loadConfig, requireNotify } from '../config/load.js';
import { accountPaths } from '../cycle/account-paths.js';
import { SqliteOutbox } from '../store/sqlite-outbox.js';
import { SqliteRunDetail } from '../store/sqlite-run-detail.js';
import type { DashboardAccount } from '../web/account-view.js';
import { dashboardToken, TOKEN_ENV } from '../web/dashboard-token.js';
import { loadPageAssets } from '../web/page-assets.js';
import { DEFAULT_QUEUE_URL_ENV, queueUrlFromEnv } from '../queue/queue-url.js';
import { startDashboard } from '../web/start-dashboard.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the dashboard (127.0.0.1 only by default): watch the account, halt and resume it')
    .argument('[accounts...]', 'account folders (each with its autofolio.yaml) or config files; default: --config')
    .option('--port <n>', 'TCP port (0: any free port)', '8377')
    .option('--host <address>', 'address to listen on; anything but 127.0.0.1 exposes the dashboard over plain HTTP', '127.0.0.1')
    .option('--registered', 'every account registered in the job queue (`autofolio accounts add`), listed at /accounts')
    .option('--queue-url-env <name>', 'with --registered: environment variable that holds the queue\'s PostgreSQL URL', DEFAULT_QUEUE_URL_ENV)
    .action(async (folders: string[], options: { port: string; host: string; registered?: boolean; queueUrlEnv: string }, command: Command) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${options.port}: expected a port number from 0 to 65535`);
      if (options.registered && folders.length > 0) throw new Error('give account folders or --registered, not both');
      const configFiles = options.registered ? await registeredConfigFiles(options.queueUrlEnv) : folders.length > 0 ? folders.map(configFileOf) : [command.optsWithGlobals<{ config: string }>().config];
      const accounts: DashboardAccount[] = [];
      try {
        for (const file of configFiles) {
          const config = loadConfig(file);
          const account = await openAccount(config);
          const id = config.account.id;
          if (accounts.some((a) => a.id === id)) throw new Error(`${file}: account ${id} is given twice`);
          accounts.push({ id, account, outbox: new SqliteOutbox(account.db, id), detail: new SqliteRunDetail(account.db, id) });
        }
        // One token for the server, kept (hashed) in the first account's state folder.
        const token = dashboardToken(accountPaths(requireNotify(accounts[0]!.account.deps.config)).state);
        const dashboard = await startDashboard({ accounts, token, assets: loadPageAssets(), host: options.host, port });
        console.log(`autofolio dashboard for ${accounts.map((a) => a.id).join(', ')} at ${dashboard.url}`);
        if (accounts.length > 1) console.log(`every account, with links to each: ${new URL('/accounts', dashboard.url).toString()}`);
        if (token.generated) {
          console.log(`token (shown this once; only its hash is kept in ${token.file}): ${token.generated}`);
        } else {
          console.log(token.source === 'environment' ? `token: ${TOKEN_ENV}` : `token: the one printed when it was generated (its hash is in ${token.file}; delete that file for a new one)`);
        }
        if (!LOOPBACK.has(options.host)) console.warn(`autofolio serve: listening on ${options.host} over plain HTTP: anyone on that network sees the traffic; prefer 127.0.0.1 and an SSH tunnel (README: "The dashboard")`);
        await new Promise<void>((done) => {
          const stop = (): void => void dashboard.close().then(done);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      } finally {
        for (const a of accounts) await a.account.close();
      }
    });
}

/** The registry's config files; PostgreSQL's client loads only for --registered. */
async function registeredConfigFiles(urlEnv: string): Promise<string[]> {
  const { AccountRegistry } = await import('../queue/account-registry.js');
  const registry = await AccountRegistry.open(queueUrlFromEnv(urlEnv));
  try {
    const accounts = await registry.list();
    if (accounts.length === 0) throw new Error('--registered: no account is registered (autofolio accounts add <config>)');
    return accounts.map((a) => a.configFile);
  } finally {
    await registry.close();
  }
}

function configFileOf(path: string): string {
  const full = resolve(path);
  if (existsSync(full) && statSync(full).isDirectory()) return join(full, 'autofolio.yaml');
  return full;
}
