import type { Currency } from '../domain/money.js';
import type { JournalEntry } from '../cycle/journal-entry.js';
import { INTERRUPTED_MESSAGE, type Changes, type DayRecord, type Journal, type KillSwitchState, type RecordedPlan, type RateRecord, type Recorded, type RunOutcome, type RunPurpose, type RunSummary, type SentQuote, type OrderVersion } from '../cycle/journal.js';
import type { Fill } from '../domain/order.js';
import type { Snapshot, SnapshotPosition } from '../domain/snapshot.js';
import { INCOME_KINDS, type LedgerEntry, type RecordedLedgerEntry } from '../ledger/ledger-entry.js';
import { spreadOfFill, withSpreadFill, type SpreadLegs } from '../domain/spread-legs.js';
import { byCodeUnits } from '../domain/code-unit-order.js';
import { parseOptionSymbol } from '../domain/option.js';

interface MutableRun {
  readonly id: string;
  readonly purpose: RunPurpose;
  readonly dryRun: boolean;
  readonly startedAt: number;
  readonly pid: number;
  outcome: RunOutcome;
  endedAt?: number;
  ordersSent: number;
  fills: number;
  message?: string;
}

// Frozen, since every unit that records nothing to report shares it: a caller that changed it would fail loudly.
const NOTHING_RECORDED: Recorded = Object.freeze({ fills: Object.freeze([]) as unknown as Fill[], ledger: Object.freeze([]) as unknown as LedgerEntry[] });
const NOT_HALTED: KillSwitchState = Object.freeze({ halted: false });
// Settled answers are read-only and can be handed to every caller: the units with nothing to
// report are every order a backtest places, and the kill switch is read before each of them.
const NOTHING_RECORDED_NOW: Promise<Recorded> = Promise.resolve(NOTHING_RECORDED);

const DAY_MS = 86_400_000;
// The UTC date of a time as a day number: the key of the end-of-day counts, which a backtest
// asks for after every run, so counting must not walk the whole history of fills.
const utcDay = (time: number): number => Math.floor(time / DAY_MS);
const dayOfDate = (date: string): number => utcDay(Date.parse(`${date}T00:00:00Z`));

function countDay(counts: Map<number, number>, time: number, change: number): void {
  const day = utcDay(time);
  counts.set(day, (counts.get(day) ?? 0) + change);
}

/**
 * The journal in memory, for backtests: the same answers as the SQLite journal (one shared
 * contract suite proves it), nothing written anywhere. With no I/O nothing fails halfway, so
 * a unit of changes is applied part by part. Lookups are by key, so a backtest's journal
 * costs the same per run however long its history.
 */
export class MemoryJournal implements Journal {
  readonly #runs: MutableRun[] = [];
  // The first run recorded under each id, and the runs still running in recorded order: every
  // run asks for the running ones and finishes its own, and a walk over all the runs for each
  // made a backtest's thousands of runs cost the square of their number.
  readonly #runById = new Map<string, MutableRun>();
  readonly #running: MutableRun[] = [];
  readonly #steps = new Map<string, JournalEntry[]>();
  // Only what the reads need: a backtest places tens of thousands of orders, and nothing reads
  // an order's states back (the SQLite journal keeps them for people).
  readonly #referencePrices = new Map<string, number>();
  // The planned orders' tags and prices not yet in #referencePrices, in recorded order: put in
  // when a read needs them (a backtest's once, at its end) rather than at every plan, where a
  // growing map of tens of thousands of tags was a lookup and an insert per order.
  readonly #unindexedTags: string[] = [];
  readonly #unindexedPrices: number[] = [];
  readonly #fills: Fill[] = [];
  readonly #execIds = new Set<string>();
  // Recorded order: an entry's ledgerSeq is its index + 1.
  readonly #ledger: RecordedLedgerEntry[] = [];
  readonly #ledgerExecIds = new Set<string>();
  readonly #rates = new Map<number, RateRecord>();
  readonly #sentQuotes = new Map<string, SentQuote>();
  readonly #days = new Map<string, { startNlv: number; startLedgerSeq: number; digests: string[]; committed: boolean }>();
  // Each snapshot with its positions kept apart as columns (PositionColumns), made objects again when read.
  readonly #snapshots: Snapshot[] = [];
  readonly #positions: PositionColumns[] = [];
  // Only the newest plan is read back; a backtest records one per run and keeps none of the rest.
  #latestPlan: Omit<RecordedPlan, 'dryRun'> | undefined;
  readonly #fillsPerDay = new Map<number, number>();
  readonly #snapshotsPerDay = new Map<number, number>();
  readonly #killSwitch: KillSwitchState[] = [];
  // The answer of killSwitch() until a unit records a change of it.
  #killSwitchNow: Promise<KillSwitchState> | undefined;
  #startNlv: number | undefined;
  readonly #versions = new OrderVersionColumns();
  readonly #spreadLegs = new Map<string, SpreadLegs>();

  // Not an async method: a backtest records every order it places, and an async call makes a
  // frame object with room for all of the body's registers at each call, on top of its promise.
  record(changes: Changes): Promise<Recorded> {
    try {
      const recorded = this.#apply(changes);
      return recorded === NOTHING_RECORDED ? NOTHING_RECORDED_NOW : Promise.resolve(recorded);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #apply(changes: Changes): Recorded {
    // The parts present, read in one walk over the unit's own keys: every kind of unit has its own
    // shape, and a load of each of the seventeen parts by name went through the megamorphic cache
    // at every order placed. Applied below in a fixed order, whatever the keys' order.
    let runStarted: Changes['runStarted'];
    let interruptedRuns: Changes['interruptedRuns'];
    let step: Changes['step'];
    let plan: Changes['plan'];
    let orderVersions: Changes['orderVersions'];
    let fills: Changes['fills'];
    let ledger: Changes['ledger'];
    let rates: Changes['rates'];
    let sentQuotes: Changes['sentQuotes'];
    let dayStarted: Changes['dayStarted'];
    let accountStartNlv: Changes['accountStartNlv'];
    let snapshot: Changes['snapshot'];
    let digestsSent: Changes['digestsSent'];
    let endOfDay: Changes['endOfDay'];
    let killSwitch: Changes['killSwitch'];
    let runFinished: Changes['runFinished'];
    for (const key in changes) {
      const value: unknown = changes[key as keyof Changes];
      switch (key as keyof Changes) {
        case 'runStarted': runStarted = value as typeof runStarted; break;
        case 'interruptedRuns': interruptedRuns = value as typeof interruptedRuns; break;
        case 'step': step = value as typeof step; break;
        case 'plan': plan = value as typeof plan; break;
        case 'orderVersions': orderVersions = value as typeof orderVersions; break;
        case 'fills': fills = value as typeof fills; break;
        case 'ledger': ledger = value as typeof ledger; break;
        case 'rates': rates = value as typeof rates; break;
        case 'sentQuotes': sentQuotes = value as typeof sentQuotes; break;
        case 'dayStarted': dayStarted = value as typeof dayStarted; break;
        case 'accountStartNlv': accountStartNlv = value as typeof accountStartNlv; break;
        case 'snapshot': snapshot = value as typeof snapshot; break;
        case 'digestsSent': digestsSent = value as typeof digestsSent; break;
        case 'endOfDay': endOfDay = value as typeof endOfDay; break;
        case 'killSwitch': killSwitch = value as typeof killSwitch; break;
        case 'runFinished': runFinished = value as typeof runFinished; break;
        // orderStates: nothing reads an order's states back (see #referencePrices).
        default: break;
      }
    }
    // Only a unit with fills, ledger entries or an end of day can add anything to report: the
    // others (every order a backtest places) share one empty answer rather than make three objects.
    const recorded: { fills: Fill[]; ledger: LedgerEntry[]; endOfDay?: { snapshots: number; trades: number } } | undefined = fills || ledger || endOfDay ? { fills: [], ledger: [] } : undefined;
    if (runStarted) {
      const run: MutableRun = { ...runStarted, outcome: 'running', ordersSent: 0, fills: 0 };
      this.#runs.push(run);
      if (!this.#runById.has(run.id)) this.#runById.set(run.id, run);
      this.#running.push(run);
    }
    // Each part is looked at only when present: a backtest records every order it places, one
    // part at a time, and an empty list made and walked for each absent part only cost time.
    if (interruptedRuns) for (const id of interruptedRuns) {
      const run = this.#runById.get(id);
      if (!run || run.outcome !== 'running') continue;
      run.outcome = 'interrupted';
      run.message = INTERRUPTED_MESSAGE;
      this.#syncRunning(run);
      this.#stepsOf(id).push({ runId: id, step: 'interrupted', startedAt: run.startedAt, durationMs: 0, outcome: 'error', error: INTERRUPTED_MESSAGE });
    }
    if (step) this.#stepsOf(step.runId).push(step);
    if (plan) for (const order of plan.orders) {
      this.#unindexedTags.push(order.tag);
      this.#unindexedPrices.push(order.referencePrice);
    }
    // A loop, not a spread push: one version per placed order, tens of thousands in a backtest.
    if (orderVersions) for (const version of orderVersions) this.#versions.push(version);
    if (fills) for (const fill of fills.fills) {
      if (this.#execIds.has(fill.execId)) continue;
      this.#execIds.add(fill.execId);
      this.#fills.push(fill);
      countDay(this.#fillsPerDay, fill.time, 1);
      // Only an option's fill can be a spread's leg (one of spreadOfFill's conditions, checked here
      // first): the tag of a stock's fill, every fill of most accounts, is then not parsed at all.
      const spread = parseOptionSymbol(fill.symbol) ? spreadOfFill(fill) : undefined;
      const legs = spread && withSpreadFill(this.#spreadLegs.get(spread.name), fill);
      if (legs) this.#spreadLegs.set(legs.name, legs);
      recorded!.fills.push(fill);
    }
    if (ledger) for (const entry of ledger) {
      if (entry.execId !== undefined) {
        if (this.#ledgerExecIds.has(entry.execId)) continue;
        this.#ledgerExecIds.add(entry.execId);
      }
      this.#ledger.push({ ...entry, ledgerSeq: this.#ledger.length + 1 });
      recorded!.ledger.push(entry);
    }
    if (rates) this.#rates.set(rates.time, rates);
    if (sentQuotes) for (const quote of sentQuotes) if (!this.#sentQuotes.has(quote.tag)) this.#sentQuotes.set(quote.tag, quote);
    if (dayStarted && !this.#days.has(dayStarted.date)) this.#days.set(dayStarted.date, { startNlv: dayStarted.startNlv, startLedgerSeq: this.#ledger.length, digests: [], committed: false });
    if (accountStartNlv !== undefined) this.#startNlv ??= accountStartNlv;
    if (snapshot) {
      const stamped: Snapshot = { ...snapshot, positions: NO_POSITIONS, ledgerSeq: this.#ledger.length };
      const positions = new PositionColumns(snapshot.positions);
      const runId = snapshot.runId;
      const index = this.#snapshots.findLastIndex((s) => s.runId === runId);
      if (index >= 0) {
        countDay(this.#snapshotsPerDay, this.#snapshots[index]!.time, -1);
        this.#snapshots[index] = stamped;
        this.#positions[index] = positions;
      } else {
        this.#snapshots.push(stamped);
        this.#positions.push(positions);
      }
      countDay(this.#snapshotsPerDay, stamped.time, 1);
    }
    // Two runs can share a time (clock: data); the one recorded last is the newest.
    if (plan?.rows && (!this.#latestPlan || plan.at >= this.#latestPlan.at) && plan.runId !== this.#latestPlan?.runId) {
      // The rows are copied when read back (latestPlan), not at every run that records a plan.
      this.#latestPlan = { runId: plan.runId, at: plan.at, rows: plan.rows.slice() };
    }
    if (digestsSent) {
      const day = this.#days.get(digestsSent.date);
      for (const label of digestsSent.labels) if (day && !day.digests.includes(label)) day.digests.push(label);
    }
    if (endOfDay) {
      const { date } = endOfDay;
      const day = this.#days.get(date);
      if (day) day.committed = true;
      const utcDate = dayOfDate(date);
      recorded!.endOfDay = { snapshots: (this.#snapshotsPerDay.get(utcDate) ?? 0) > 0 ? 1 : 0, trades: this.#fillsPerDay.get(utcDate) ?? 0 };
    }
    if (killSwitch) {
      const { halted, reason, source, at } = killSwitch;
      this.#killSwitch.push({ halted, since: at, source, ...(reason ? { reason } : {}) });
      this.#killSwitchNow = undefined;
    }
    if (runFinished) {
      const { id, ...result } = runFinished;
      const run = this.#runById.get(id);
      if (run) {
        Object.assign(run, result);
        this.#syncRunning(run);
      }
    }
    return recorded ?? NOTHING_RECORDED;
  }

  async runningRuns(): Promise<{ id: string; pid: number }[]> {
    return this.#running.map(({ id, pid }) => ({ id, pid }));
  }

  async runs(limit: number): Promise<RunSummary[]> {
    // Newest first, and the later recorded of two started at the same time first, as in SQLite.
    const ordered = this.#runs.map((run, i) => ({ run, i })).sort((a, b) => b.run.startedAt - a.run.startedAt || b.i - a.i);
    return ordered.slice(0, limit).map(({ run }) => summary(run));
  }

  async steps(runId: string): Promise<JournalEntry[]> {
    return [...(this.#steps.get(runId) ?? [])];
  }

  async hasOrderTag(tag: string): Promise<boolean> {
    return this.#indexedReferencePrices().has(tag);
  }

  async referencePrices(tags: readonly string[]): Promise<(number | undefined)[]> {
    const known = this.#indexedReferencePrices();
    // Indexed, into a list of its final length: a backtest asks once for tens of thousands of tags.
    const prices = new Array<number | undefined>(tags.length);
    for (let i = 0; i < tags.length; i++) prices[i] = known.get(tags[i]!);
    return prices;
  }

  async fillsBetween(from: number, to: number): Promise<Fill[]> {
    return this.#fills
      .filter((f) => f.time >= from && f.time < to)
      .sort((a, b) => a.time - b.time || (a.execId < b.execId ? -1 : a.execId > b.execId ? 1 : 0))
      .map((f) => ({ ...f }));
  }

  async spreadLegs(): Promise<SpreadLegs[]> {
    return [...this.#spreadLegs.values()].sort((a, b) => byCodeUnits(a.name, b.name)).map((legs) => ({ ...legs, symbols: [...legs.symbols] }));
  }

  async fillsOfOrders(tags: readonly string[]): Promise<Fill[]> {
    const wanted = new Set(tags);
    return (await this.fillsBetween(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)).filter((f) => wanted.has(f.tag));
  }

  async day(date: string): Promise<DayRecord | undefined> {
    const day = this.#days.get(date);
    return day && { date, startNlv: day.startNlv, startLedgerSeq: day.startLedgerSeq, digests: [...day.digests], endOfDayCommitted: day.committed };
  }

  async accountStartNlv(): Promise<number | undefined> {
    return this.#startNlv;
  }

  async latestSnapshot(): Promise<Snapshot | undefined> {
    const snapshots = this.#snapshots;
    let latest = -1;
    for (let i = 0; i < snapshots.length; i++) if (latest < 0 || snapshots[i]!.time >= snapshots[latest]!.time) latest = i;
    return latest < 0 ? undefined : this.#snapshotAt(latest);
  }

  async latestPlan(): Promise<RecordedPlan | undefined> {
    const plan = this.#latestPlan;
    if (!plan) return undefined;
    const run = this.#runById.get(plan.runId);
    return { ...plan, dryRun: run?.dryRun ?? false, rows: plan.rows.map((row) => ({ ...row })) };
  }

  async snapshotsBetween(from: number, to: number): Promise<Snapshot[]> {
    const found: Snapshot[] = [];
    for (let i = 0; i < this.#snapshots.length; i++) {
      const time = this.#snapshots[i]!.time;
      if (time >= from && time < to) found.push(this.#snapshotAt(i));
    }
    // A stable sort: snapshots of one time stay in the order they were recorded, as in SQLite.
    return found.sort((a, b) => a.time - b.time);
  }

  /**
   * The snapshot recorded at `index`, its positions objects again, in their place among its
   * fields, made when first read: a backtest reads every snapshot back at its end for what only
   * its report draws from the positions (the weights), and `--json` never does.
   */
  #snapshotAt(index: number): Snapshot {
    const columns = this.#positions[index]!;
    let positions: SnapshotPosition[] | undefined;
    return {
      ...this.#snapshots[index]!,
      get positions() {
        return (positions ??= columns.positions());
      },
    };
  }

  // Read before every order sent: one settled promise until the state changes, without an async call's frame object.
  killSwitch(): Promise<KillSwitchState> {
    return (this.#killSwitchNow ??= Promise.resolve(this.#killSwitch.at(-1) ?? NOT_HALTED));
  }

  async ledgerEntries(): Promise<RecordedLedgerEntry[]> {
    return [...this.#ledger].sort((a, b) => a.time - b.time || a.ledgerSeq - b.ledgerSeq);
  }

  async incomeByCurrency(): Promise<Map<Currency, number>> {
    const income = new Map<Currency, number>();
    for (const e of this.#ledger) if (INCOME_KINDS.includes(e.kind)) income.set(e.currency, (income.get(e.currency) ?? 0) + e.amountMinor);
    return income;
  }

  async rates(): Promise<RateRecord[]> {
    return [...this.#rates.values()].sort((a, b) => a.time - b.time);
  }

  async orderVersions(tags?: readonly string[]): Promise<OrderVersion[]> {
    const wanted = tags && new Set(tags);
    const versions = this.#versions;
    const found: OrderVersion[] = [];
    for (let i = 0; i < versions.length; i++) if (!wanted || wanted.has(versions.tagAt(i))) found.push(versions.at(i));
    return found;
  }

  async sentQuotes(): Promise<SentQuote[]> {
    return [...this.#sentQuotes.values()];
  }

  /** The first price recorded for each planned order's tag. */
  #indexedReferencePrices(): Map<string, number> {
    const known = this.#referencePrices;
    const tags = this.#unindexedTags;
    const prices = this.#unindexedPrices;
    if (tags.length === 0) return known;
    if (known.size === 0) {
      // Backwards into an empty map, so that the first price recorded for a tag is the one
      // left, with one insert per order and no lookup.
      for (let i = tags.length - 1; i >= 0; i--) known.set(tags[i]!, prices[i]!);
    } else {
      for (let i = 0; i < tags.length; i++) if (!known.has(tags[i]!)) known.set(tags[i]!, prices[i]!);
    }
    tags.length = 0;
    prices.length = 0;
    return known;
  }

  /** Keeps #running to the runs whose outcome is 'running', in recorded order, after `run` changed. */
  #syncRunning(run: MutableRun): void {
    const running = this.#running;
    const at = running.indexOf(run);
    if (run.outcome !== 'running') {
      if (at >= 0) running.splice(at, 1);
    } else if (at < 0) {
      running.length = 0;
      for (const r of this.#runs) if (r.outcome === 'running') running.push(r);
    }
  }

  #stepsOf(runId: string): JournalEntry[] {
    let entries = this.#steps.get(runId);
    if (!entries) this.#steps.set(runId, (entries = []));
    return entries;
  }
}

// Versions per chunk of the columns below: a chunk's text column (7 per version) stays under the
// size V8 puts straight into its large-object space.
const VERSIONS_PER_CHUNK = 1024;

/**
 * The order versions recorded, field by field in flat columns, as the SQLite journal keeps them
 * in a table: a backtest records one per order placed, and the objects it was handed, kept to
 * the end, were each copied by the young generation's collector and moved to the old one.
 * The columns are chunks of a fixed size, each allocated once: one growing list per column was
 * copied at every growth, a few times the columns' final size over a backtest, and the numbers
 * sit in typed arrays, outside the heap the collector walks.
 * Read back as objects, rarely (a backtest's slippage report, once).
 */
class OrderVersionColumns {
  // Per version, in this order: tag, brokerId, runId, intentTag, symbol, side, reason.
  readonly #texts: string[][] = [];
  // Per version, in this order: at, quantity, limitPrice, filledQuantity, decisionPrice, arrivalPrice (0 when absent).
  readonly #numbers: Float64Array[] = [];
  // Per version: 1 when it has an arrival price.
  readonly #arrived: Uint8Array[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(v: OrderVersion): void {
    const index = this.#length % VERSIONS_PER_CHUNK;
    if (index === 0) {
      this.#texts.push(new Array<string>(7 * VERSIONS_PER_CHUNK));
      this.#numbers.push(new Float64Array(6 * VERSIONS_PER_CHUNK));
      this.#arrived.push(new Uint8Array(VERSIONS_PER_CHUNK));
    }
    const chunk = this.#texts.length - 1;
    const t = this.#texts[chunk]!;
    const n = this.#numbers[chunk]!;
    const s = 7 * index;
    const d = 6 * index;
    t[s] = v.tag;
    t[s + 1] = v.brokerId;
    t[s + 2] = v.runId;
    t[s + 3] = v.intentTag;
    t[s + 4] = v.symbol;
    t[s + 5] = v.side;
    t[s + 6] = v.reason;
    const arrived = v.arrivalPrice !== undefined;
    n[d] = v.at;
    n[d + 1] = v.quantity;
    n[d + 2] = v.limitPrice;
    n[d + 3] = v.filledQuantity;
    n[d + 4] = v.decisionPrice;
    n[d + 5] = arrived ? v.arrivalPrice : 0;
    this.#arrived[chunk]![index] = arrived ? 1 : 0;
    this.#length++;
  }

  tagAt(i: number): string {
    return this.#texts[Math.floor(i / VERSIONS_PER_CHUNK)]![7 * (i % VERSIONS_PER_CHUNK)]!;
  }

  at(i: number): OrderVersion {
    const chunk = Math.floor(i / VERSIONS_PER_CHUNK);
    const index = i % VERSIONS_PER_CHUNK;
    const t = this.#texts[chunk]!;
    const n = this.#numbers[chunk]!;
    const s = 7 * index;
    const d = 6 * index;
    const version: OrderVersion = {
      tag: t[s]!, brokerId: t[s + 1]!, runId: t[s + 2]!, intentTag: t[s + 3]!, symbol: t[s + 4]!, side: t[s + 5] as OrderVersion['side'], at: n[d]!, reason: t[s + 6] as OrderVersion['reason'],
      quantity: n[d + 1]!, limitPrice: n[d + 2]!, filledQuantity: n[d + 3]!, decisionPrice: n[d + 4]!,
    };
    return this.#arrived[chunk]![index] === 1 ? { ...version, arrivalPrice: n[d + 5]! } : version;
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

const NO_POSITIONS: readonly SnapshotPosition[] = Object.freeze([]);

/**
 * A snapshot's positions as columns: a backtest keeps a snapshot per run, hundreds of positions
 * each, and as objects (with a box for each of their four fractional numbers) they were a
 * quarter of a million objects that every young-generation collection copied before they
 * settled, read back once at the end if at all. Typed arrays keep each number as it was, bit
 * for bit.
 */
class PositionColumns {
  readonly #symbols: string[];
  readonly #currencies: string[];
  // Per position: quantity, average cost, price, market value, weight.
  readonly #numbers: Float64Array;

  constructor(positions: readonly SnapshotPosition[]) {
    const n = positions.length;
    this.#symbols = new Array<string>(n);
    this.#currencies = new Array<string>(n);
    const numbers = (this.#numbers = new Float64Array(5 * n));
    for (let i = 0; i < n; i++) {
      const p = positions[i]!;
      this.#symbols[i] = p.symbol;
      this.#currencies[i] = p.currency;
      numbers[5 * i] = p.quantity;
      numbers[5 * i + 1] = p.avgCost;
      numbers[5 * i + 2] = p.price;
      numbers[5 * i + 3] = p.marketValue;
      numbers[5 * i + 4] = p.weight;
    }
  }

  /** The positions as recorded, their fields in SnapshotPosition's order (as JSON writes them). */
  positions(): SnapshotPosition[] {
    const numbers = this.#numbers;
    const positions = new Array<SnapshotPosition>(this.#symbols.length);
    for (let i = 0; i < positions.length; i++) {
      positions[i] = { symbol: this.#symbols[i]!, quantity: numbers[5 * i]!, avgCost: numbers[5 * i + 1]!, price: numbers[5 * i + 2]!, currency: this.#currencies[i]!, marketValue: numbers[5 * i + 3]!, weight: numbers[5 * i + 4]! };
    }
    return positions;
  }
}
