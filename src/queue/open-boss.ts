import PgBoss from 'pg-boss';
import { withSetupLock } from './setup-lock.js';

const SCHEMA = 'pgboss';

export interface BossOptions {
  /** How often the instance looks for jobs whose lease ran out (pg-boss maintenance). */
  readonly superviseSeconds: number;
  readonly maxConnections: number;
}

/**
 * Starts a pg-boss on the queue's database with `queue` created. The schema and the queue are
 * made by a pg-boss that does no maintenance, under the setup lock: DDL beside another
 * process's maintenance (or this one's) can deadlock on a new database.
 */
export async function openBoss(url: string, queue: PgBoss.Queue, options: BossOptions, onError: (error: Error) => void): Promise<PgBoss> {
  await withSetupLock(url, async () => {
    const setup = new PgBoss({ connectionString: url, schema: SCHEMA, supervise: false, schedule: false, max: 1 });
    setup.on('error', onError);
    await setup.start();
    try {
      await setup.createQueue(queue.name, queue);
    } finally {
      await setup.stop({ graceful: false, wait: true });
    }
  });
  const boss = new PgBoss({ connectionString: url, schema: SCHEMA, supervise: true, schedule: false, migrate: false, maintenanceIntervalSeconds: options.superviseSeconds, max: options.maxConnections });
  boss.on('error', onError);
  await boss.start();
  return boss;
}
