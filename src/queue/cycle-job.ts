import { createHash } from 'node:crypto';
import type { DigestLabel } from '../cycle/cycle-deps.js';
import type { TriggerKind } from '../schedule/triggers.js';

/** The queue every account's cycles go through. */
export const CYCLE_QUEUE = 'autofolio-cycle';

/** A job: one trigger of one account, as the scheduler computed it. */
export interface CycleJob {
  readonly accountId: string;
  readonly configFile: string;
  readonly trigger: {
    readonly time: number;
    readonly kind: TriggerKind;
    readonly session: string;
    readonly validUntil: number;
  };
  readonly digest?: DigestLabel;
  /**
   * Enqueued by a scheduler on a simulated clock: the worker runs the cycle at the trigger's time
   * (paper accounts only) rather than now.
   */
  readonly simulated?: boolean;
}

/**
 * The job's id, the same for the same trigger of the same account: while a job is in pg-boss's
 * table a second insert of it is a conflict that pg-boss ignores (a second guard beside the
 * registry's claim).
 */
export function cycleJobId(accountId: string, triggerTime: number): string {
  const hex = createHash('sha256').update(`${accountId}\u0000${triggerTime}`).digest('hex');
  // A UUID's layout (pg-boss's id column is uuid), version 8 "custom" with the RFC 4122 variant.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Reads a job's data back, naming what is missing (a job written by another version of autofolio). */
export function parseCycleJob(data: unknown, jobId: string): CycleJob {
  const job = data as Partial<CycleJob> | null;
  const t = job?.trigger;
  if (!job || typeof job.accountId !== 'string' || typeof job.configFile !== 'string' || !t || typeof t.time !== 'number' || (t.kind !== 'trade' && t.kind !== 'end-of-day') || typeof t.session !== 'string' || typeof t.validUntil !== 'number') {
    throw new Error(`job ${jobId} of ${CYCLE_QUEUE}: its data is not a cycle job (accountId, configFile, trigger { time, kind, session, validUntil }): ${JSON.stringify(data).slice(0, 200)}`);
  }
  return job as CycleJob;
}
