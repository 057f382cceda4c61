import { BrokerError } from '../broker.js';
import type { IbBrokerConfig } from '../../config/schema.js';
import { weeklyLoginWindowAt } from './gateway-windows.js';
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
  /**
   * Hold the run while the gateway is away: inside the weekly login window until it ends, and
   * otherwise until broker.unreachableGraceMinutes have passed since `unreachableSince`, trying
   * again every broker.reconnectPollSeconds. Off for `doctor`, which reports at once.
   */
  readonly hold: boolean;
  /** When an earlier run first found the gateway unreachable; undefined: it answered last time. */
  readonly unreachableSince?: number;
  /** Elapsed real time for the hold's deadline: the run's clock may stand still (clock: data). */
  readonly elapsed: () => number;
  /** Told of every failed attempt: a session that opens after one follows an outage. */
  readonly onFailedAttempt: (error: BrokerError) => void;
}

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Connects a new session, respecting the daily Gateway restart window (wait for its end, or
 * refuse the run) and retrying with backoff while the gateway is temporarily unreachable; with
 * `hold`, it keeps trying through the weekly login window and the grace period. An operational
 * failure (client id in use, API refused) is not retried: a person must act.
 */
export async function connectWithRetry(make: () => IbSession, policy: Partial<ConnectPolicy> & Pick<ConnectPolicy, 'config' | 'now'>): Promise<IbSession> {
  const attempts = policy.attempts ?? 3;
  const backoffMs = policy.backoffMs ?? 2_000;
  const sleep = policy.sleep ?? sleepReal;
  const elapsed = policy.elapsed ?? (() => performance.now());
  const { config } = policy;
  const restart = config.gatewayRestart;
  const window = restart ? restartWindowAt(restart, policy.now()) : undefined;
  if (restart && window) {
    const until = new Date(window.end).toISOString();
    if (restart.during === 'skip') {
      throw new BrokerError(`IB Gateway restarts daily at ${restart.at} ${restart.timeZone}; this run falls in the window and is skipped (broker.gatewayRestart.during: skip); the next run after ${until} trades`, 'temporary', 'restart-window');
    }
    await sleep(window.end - policy.now());
  }
  const now = policy.now();
  const login = policy.hold && config.weeklyLogin ? weeklyLoginWindowAt(config.weeklyLogin, now) : undefined;
  const since = policy.unreachableSince ?? now;
  const graceLeft = policy.hold ? Math.max(0, (config.unreachableGraceMinutes ?? 0) * 60_000 - (now - since)) : 0;
  const deadline = elapsed() + Math.max(graceLeft, login ? login.end - now : 0);
  const pollMs = (config.reconnectPollSeconds ?? 30) * 1000;

  // Holding, the polls take the place of the backoff: one attempt, then one every poll.
  const failed = policy.onFailedAttempt ?? (() => undefined);
  let last = await attemptAll(make, policy.hold ? 1 : attempts, backoffMs, sleep, failed);
  while (!isSession(last) && elapsed() < deadline) {
    await sleep(Math.min(pollMs, Math.max(0, deadline - elapsed())));
    last = await attemptAll(make, 1, backoffMs, sleep, failed);
  }
  if (isSession(last)) return last;
  const { host, port } = config;
  const hint = 'is it running and logged in (IBC; the weekly login waits for the two-factor confirmation on your phone), with the API enabled on this port?';
  if (login) throw new BrokerError(`IB Gateway at ${host}:${port} did not come back from its weekly login (broker.weeklyLogin, until ${new Date(login.end).toISOString()}): ${last?.message ?? 'no answer'} — ${hint}`, 'temporary', last?.code ?? 'unreachable');
  if (policy.hold) throw new BrokerError(`cannot reach IB Gateway at ${host}:${port} since ${new Date(since).toISOString()}, past broker.unreachableGraceMinutes: ${last?.message ?? 'no answer'} — ${hint}`, 'temporary', last?.code ?? 'unreachable');
  throw new BrokerError(`cannot reach IB Gateway at ${host}:${port} after ${attempts} attempts: ${last?.message ?? 'no answer'} — ${hint}`, 'temporary', last?.code ?? 'unreachable');
}

function isSession(value: IbSession | BrokerError | undefined): value is IbSession {
  return value !== undefined && !(value instanceof BrokerError);
}

/** Up to `attempts` connections with backoff: the session, or the last temporary error. Throws an operational one. */
async function attemptAll(make: () => IbSession, attempts: number, backoffMs: number, sleep: (ms: number) => Promise<void>, failed: (error: BrokerError) => void): Promise<IbSession | BrokerError | undefined> {
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
      failed(last);
    }
  }
  return last;
}
