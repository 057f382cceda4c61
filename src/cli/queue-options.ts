import type { Command } from 'commander';
import { DEFAULT_QUEUE_URL_ENV } from '../queue/queue-url.js';

/** The option every queue command takes: the name of the variable that holds the URL, never the URL. */
export function withQueueUrlEnv(command: Command): Command {
  return command.option('--queue-url-env <name>', 'environment variable that holds the queue\'s PostgreSQL URL (never the URL itself)', DEFAULT_QUEUE_URL_ENV);
}
