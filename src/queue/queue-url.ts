/** The environment variable that holds the queue's PostgreSQL URL unless --queue-url-env names another. */
export const DEFAULT_QUEUE_URL_ENV = 'AUTOFOLIO_PG_URL';

/**
 * The queue's connection URL, read from the environment only: it carries a password, so it never
 * sits on a command line (visible in `ps`) or in a file that is copied between machines.
 */
export function queueUrlFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!/^[A-Z_][A-Z0-9_]*$/i.test(name)) throw new Error(`--queue-url-env: expected the name of an environment variable (e.g. ${DEFAULT_QUEUE_URL_ENV}), not a URL: the URL holds a password and is read from the environment only`);
  const url = env[name];
  if (!url) throw new Error(`${name} is not set: it holds the PostgreSQL URL of the job queue (postgres://user:password@host:5432/database)`);
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`${name}: expected a postgres:// URL`);
  return url;
}
