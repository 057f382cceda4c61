import { BrokerError } from '../broker.js';
import type { IbBrokerConfig } from '../../config/schema.js';
import type { IbSession } from './ib-session.js';
import { restartWindowAt } from './restart-window.js';

export interface ConnectPolicy {
  readonly config: IbBrokerConfig;
  readonly now: () => number;
  /** Attempts for a gateway that refuses or does not answer (it may be starting up). */
  readonly attempts: number;
  /** Backoff before attempt n (n ≥ 2): base × 4^(n−2). */
  readonly backoffMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Connects a new session, respecting the daily Gateway restart window (wait for its end, or
 * refuse the run) and retrying with backoff while the gateway is temporarily unreachable.
 * An operational failure (client id in use, API refused) is not retried: a person must act.
 */
export async function connectWithRetry(make: () => IbSession, policy: Partial<ConnectPolicy> & Pick<ConnectPolicy, 'config' | 'now'>): Promise<IbSession> {
  const attempts = policy.attempts ?? 3;
  const backoffMs = policy.backoffMs ?? 2_000;
  const sleep = policy.sleep ?? sleepReal;
  const restart = policy.config.gatewayRestart;
  const window = restart ? restartWindowAt(restart, policy.now()) : undefined;
  if (restart && window) {
    const until = new Date(window.end).toISOString();
    if (restart.during === 'skip') {
      throw new BrokerError(`IB Gateway restarts daily at ${restart.at} ${restart.timeZone}; this run falls in the window and is skipped (broker.gatewayRestart.during: skip); the next run after ${until} trades`, 'temporary', 'restart-window');
    }
    await sleep(window.end - policy.now());
  }
  let last: BrokerError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep(backoffMs * 4 ** (attempt - 2));
    const session = make();
    try {
      await session.connect();
      return session;
    } catch (error) {
      await session.disconnect().catch(() => undefined);
      last = error instanceof BrokerError ? error : new BrokerError(String(error), 'temporary');
      if (last.kind !== 'temporary') throw last;
    }
  }
  const { host, port } = policy.config;
  throw new BrokerError(`cannot reach IB Gateway at ${host}:${port} after ${attempts} attempts: ${last?.message ?? 'no answer'} — is it running and logged in, with the API enabled on this port?`, 'temporary', last?.code ?? 'unreachable');
}
