import { openAccount } from '../app/open-account.js';
import { loadConfig } from '../config/load.js';
import { isoTime } from '../domain/clock.js';
import { twoDecimals } from '../notify/decimal-format.js';
import { resolveSchedule } from '../schedule/schedule.js';
import { nextTriggers } from '../schedule/triggers.js';
import type { RegisteredAccount } from './account-registry.js';

const money = twoDecimals;

/** One line of `accounts status`: the registry's record of the account and its next trigger. */
export interface AccountStatus {
  readonly id: string;
  readonly configFile: string;
  readonly lastRun?: { readonly triggerTime: string; readonly at: string; readonly runId?: string; readonly outcome: string; readonly message?: string };
  /** NLV of the account's latest snapshot in its journal (runs by hand included), else of the queue's last run. */
  readonly nlv?: number;
  readonly snapshotTime?: string;
  readonly baseCurrency?: string;
  readonly nextTrigger?: { readonly time: string; readonly kind: string };
  /** Why the config could not be read here (the next trigger is then unknown). */
  readonly problem?: string;
}

export async function accountStatus(account: RegisteredAccount, now: number): Promise<AccountStatus> {
  const base = {
    id: account.id,
    configFile: account.configFile,
    ...(account.lastRun
      ? {
          lastRun: { triggerTime: isoTime(account.lastRun.triggerTime), at: isoTime(account.lastRun.at), outcome: account.lastRun.outcome, ...(account.lastRun.runId ? { runId: account.lastRun.runId } : {}), ...(account.lastRun.message ? { message: account.lastRun.message } : {}) },
          ...(account.lastRun.nlv !== undefined ? { nlv: account.lastRun.nlv } : {}),
        }
      : {}),
  };
  try {
    const config = loadConfig(account.configFile);
    // A data-clock account's "now" is its newest bar; the next trigger after the last run is the one that matters.
    const after = config.clock === 'data' ? (account.lastEnqueued?.time ?? now) : now;
    const next = nextTriggers(resolveSchedule(config, after), after, 1)[0];
    // The journal is opened as `autofolio run` opens it (whatever store the config selects).
    const opened = await openAccount(config);
    let snapshot;
    try {
      snapshot = await opened.deps.journal.latestSnapshot();
    } finally {
      await opened.close();
    }
    return { ...base, baseCurrency: config.account.baseCurrency, ...(snapshot ? { nlv: snapshot.nlv, snapshotTime: isoTime(snapshot.time) } : {}), ...(next ? { nextTrigger: { time: isoTime(next.time), kind: next.kind } } : {}) };
  } catch (error) {
    return { ...base, problem: error instanceof Error ? error.message : String(error) };
  }
}

/** `PAPER-1  last 2025-11-14T19:35:00.000Z ok r-…  NLV 999,784.18 USD  next trade 2025-11-14T20:35:00.000Z` */
export function formatAccountStatus(s: AccountStatus): string {
  const last = s.lastRun ? `last ${s.lastRun.triggerTime} ${s.lastRun.outcome}${s.lastRun.runId ? ` ${s.lastRun.runId}` : ''}` : 'no run yet';
  const nlv = s.nlv !== undefined ? `NLV ${money(s.nlv)}${s.baseCurrency ? ` ${s.baseCurrency}` : ''}` : 'NLV unknown';
  const next = s.nextTrigger ? `next ${s.nextTrigger.kind} ${s.nextTrigger.time}` : s.problem ? `config: ${s.problem}` : 'no trigger ahead';
  return `${s.id}  ${last}  ${nlv}  ${next}`;
}
