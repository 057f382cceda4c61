import type { JournalEntry } from '../cycle/journal-entry.js';
import type { DayRecord, KillSwitchState, RunOutcome, RunPurpose, RunRecords, RunSummary } from '../cycle/run-records.js';
import type { BrokerOrder, Fill, OrderIntent } from '../domain/order.js';
import type { Snapshot } from '../domain/snapshot.js';

interface OrderRecord {
  readonly runId: string;
  readonly referencePrice: number;
  state?: BrokerOrder;
}

interface MutableRun extends Omit<RunSummary, 'endedAt' | 'message' | 'outcome' | 'ordersSent' | 'fills'> {
  pid: number;
  outcome: RunOutcome;
  endedAt?: number;
  ordersSent: number;
  fills: number;
  message?: string;
}

/**
 * RunRecords in memory, for backtests: the same answers as the SQLite store (one shared
 * contract suite proves it), nothing written anywhere. Lookups are by key, so a backtest's
 * records cost the same per run however long its history.
 */
export class MemoryRecords implements RunRecords {
  readonly #runs: MutableRun[] = [];
  readonly #journal = new Map<string, JournalEntry[]>();
  readonly #orders = new Map<string, OrderRecord>();
  readonly #fills: Fill[] = [];
  readonly #execIds = new Set<string>();
  readonly #days = new Map<string, { startNlv: number; digests: string[]; committed: boolean }>();
  readonly #snapshots: Snapshot[] = [];
  readonly #killSwitch: KillSwitchState[] = [];
  #startNlv: number | undefined;

  async markInterruptedRuns(isAlive: (pid: number) => boolean): Promise<string[]> {
    const dead = this.#runs.filter((run) => run.outcome === 'running' && !isAlive(run.pid));
    const message = 'the process stopped before the run finished (killed or crashed); the next run recovered its orders and fills';
    for (const run of dead) {
      run.outcome = 'interrupted';
      run.message = message;
      this.#entries(run.id).push({ runId: run.id, step: 'interrupted', startedAt: run.startedAt, durationMs: 0, outcome: 'error', error: message });
    }
    return dead.map((run) => run.id);
  }

  async startRun(run: { id: string; purpose: RunPurpose; dryRun: boolean; startedAt: number; pid: number }): Promise<void> {
    this.#runs.push({ ...run, outcome: 'running', ordersSent: 0, fills: 0 });
  }

  async finishRun(id: string, result: { outcome: RunOutcome; endedAt: number; ordersSent: number; fills: number; message?: string }): Promise<void> {
    const run = this.#runs.find((r) => r.id === id);
    if (run) Object.assign(run, result);
  }

  async recordStep(entry: JournalEntry): Promise<void> {
    this.#entries(entry.runId).push(entry);
  }

  async journal(runId: string): Promise<JournalEntry[]> {
    return [...(this.#journal.get(runId) ?? [])];
  }

  async lastRun(): Promise<RunSummary | undefined> {
    return (await this.runs(1))[0];
  }

  async runs(limit: number): Promise<RunSummary[]> {
    // Newest first, and the later recorded of two started at the same time first, as in SQLite.
    const ordered = this.#runs.map((run, i) => ({ run, i })).sort((a, b) => b.run.startedAt - a.run.startedAt || b.i - a.i);
    return ordered.slice(0, limit).map(({ run }) => summary(run));
  }

  async recordPlannedOrders(runId: string, orders: readonly OrderIntent[], _at: number): Promise<void> {
    for (const order of orders) if (!this.#orders.has(order.tag)) this.#orders.set(order.tag, { runId, referencePrice: order.referencePrice });
  }

  async recordOrderState(order: BrokerOrder, _sentAt?: number): Promise<void> {
    const record = this.#orders.get(order.tag);
    if (record) record.state = { ...order };
  }

  async hasOrderTag(tag: string): Promise<boolean> {
    return this.#orders.has(tag);
  }

  async recordFills(_runId: string, fills: readonly Fill[]): Promise<Fill[]> {
    const fresh = fills.filter((fill) => !this.#execIds.has(fill.execId));
    for (const fill of fresh) {
      this.#execIds.add(fill.execId);
      this.#fills.push({ ...fill });
    }
    return fresh;
  }

  async fillsBetween(from: number, to: number): Promise<Fill[]> {
    return this.#fills
      .filter((f) => f.time >= from && f.time < to)
      .sort((a, b) => a.time - b.time || (a.execId < b.execId ? -1 : a.execId > b.execId ? 1 : 0))
      .map((f) => ({ ...f }));
  }

  async referencePrices(tags: readonly string[]): Promise<Map<string, number>> {
    const prices = new Map<string, number>();
    for (const tag of tags) {
      const record = this.#orders.get(tag);
      if (record) prices.set(tag, record.referencePrice);
    }
    return prices;
  }

  async day(date: string): Promise<DayRecord | undefined> {
    const day = this.#days.get(date);
    return day && { date, startNlv: day.startNlv, digests: [...day.digests], endOfDayCommitted: day.committed };
  }

  async startDay(date: string, startNlv: number, _at: number): Promise<void> {
    if (!this.#days.has(date)) this.#days.set(date, { startNlv, digests: [], committed: false });
  }

  async markDigestSent(date: string, label: string): Promise<void> {
    const day = this.#days.get(date);
    if (day && !day.digests.includes(label)) day.digests.push(label);
  }

  async accountStartNlv(): Promise<number | undefined> {
    return this.#startNlv;
  }

  async setAccountStartNlv(nlv: number): Promise<void> {
    this.#startNlv ??= nlv;
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    const index = this.#snapshots.findLastIndex((s) => s.runId === snapshot.runId);
    if (index >= 0) this.#snapshots[index] = snapshot;
    else this.#snapshots.push(snapshot);
  }

  async latestSnapshot(): Promise<Snapshot | undefined> {
    let latest: Snapshot | undefined;
    for (const snapshot of this.#snapshots) if (!latest || snapshot.time >= latest.time) latest = snapshot;
    return latest;
  }

  async snapshotsBetween(from: number, to: number): Promise<Snapshot[]> {
    return this.#snapshots.filter((s) => s.time >= from && s.time < to).sort((a, b) => a.time - b.time || (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0));
  }

  async commitEndOfDay(date: string, _at: number): Promise<{ snapshots: number; trades: number }> {
    const onDate = (time: number) => new Date(time).toISOString().slice(0, 10) === date;
    const day = this.#days.get(date);
    if (day) day.committed = true;
    return { snapshots: this.#snapshots.some((s) => onDate(s.time)) ? 1 : 0, trades: this.#fills.filter((f) => onDate(f.time)).length };
  }

  async killSwitch(): Promise<KillSwitchState> {
    return this.#killSwitch.at(-1) ?? { halted: false };
  }

  async setKillSwitch(halted: boolean, reason: string | undefined, source: string, at: number): Promise<void> {
    this.#killSwitch.push({ halted, since: at, source, ...(reason ? { reason } : {}) });
  }

  #entries(runId: string): JournalEntry[] {
    let entries = this.#journal.get(runId);
    if (!entries) this.#journal.set(runId, (entries = []));
    return entries;
  }
}

function summary(run: MutableRun): RunSummary {
  return {
    id: run.id,
    purpose: run.purpose,
    dryRun: run.dryRun,
    startedAt: run.startedAt,
    ...(run.endedAt !== undefined ? { endedAt: run.endedAt } : {}),
    outcome: run.outcome,
    ordersSent: run.ordersSent,
    fills: run.fills,
    ...(run.message ? { message: run.message } : {}),
  };
}
