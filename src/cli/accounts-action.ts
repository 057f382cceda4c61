import { loadConfig } from '../config/load.js';
import { AccountRegistry } from '../queue/account-registry.js';
import { accountStatus, formatAccountStatus } from '../queue/account-status.js';
import { queueUrlFromEnv } from '../queue/queue-url.js';

async function withRegistry<T>(urlEnv: string, body: (registry: AccountRegistry) => Promise<T>): Promise<T> {
  const registry = await AccountRegistry.open(queueUrlFromEnv(urlEnv));
  try {
    return await body(registry);
  } finally {
    await registry.close();
  }
}

export async function addAccount(file: string, urlEnv: string): Promise<void> {
  // Validated here, on the machine that registers it, so a typo fails now rather than in a worker at the next trigger.
  const config = loadConfig(file);
  const added = await withRegistry(urlEnv, (registry) => registry.add(config.account.id, config.configFile));
  console.log(`${added ? 'registered' : 'updated'} account ${config.account.id}: ${config.configFile}`);
}

export async function listAccounts(urlEnv: string): Promise<void> {
  const accounts = await withRegistry(urlEnv, (registry) => registry.list());
  if (accounts.length === 0) console.log('no account registered (autofolio accounts add <config>)');
  for (const a of accounts) console.log(`${a.id}  ${a.configFile}`);
}

export async function accountsStatus(urlEnv: string, json: boolean): Promise<void> {
  const accounts = await withRegistry(urlEnv, (registry) => registry.list());
  const now = Date.now();
  const statuses = [];
  for (const a of accounts) statuses.push(await accountStatus(a, now));
  if (json) console.log(JSON.stringify(statuses));
  else if (statuses.length === 0) console.log('no account registered (autofolio accounts add <config>)');
  else for (const s of statuses) console.log(formatAccountStatus(s));
}
