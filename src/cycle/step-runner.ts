import type { Clock } from '../domain/clock.js';
import { faultPoint } from '../io/fault-point.js';
import { CYCLE_STEPS, SKIP_REASONS, stepFaultPoint, type CycleStep, type StepNeed } from './cycle-steps.js';
import { redactSecrets, secretsFromEnv } from '../notify/redact-secrets.js';
import type { JournalEntry, StepOutcome } from './journal-entry.js';
import type { Journal } from './journal.js';
import { withLogContext } from '../log/log-context.js';
import { silentLogger, type Logger } from '../log/logger.js';

/** Thrown inside a step to end it as 'blocked' (a safety check said no) rather than 'error'. */
export class StepBlocked extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepBlocked';
  }
}

/**
 * Runs the steps of one cycle, as CYCLE_STEPS declares them, and records each in the run
 * journal: a step whose needs are met runs, any other is skipped with the reason of its first
 * unmet need. A step that throws is recorded as an error and raises the run's error flag
 * instead of ending the run, so that the steps that must still happen (record fills,
 * snapshot, alert, disconnect) do.
 */
export class StepRunner {
  readonly #journal: Journal;
  readonly #runId: string;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #entries: JournalEntry[] = [];
  readonly #met = new Set<StepNeed>();
  #next = 0;
  readonly errorFlags: string[] = [];
  readonly blocks: string[] = [];

  /**
   * Without a logger (a backtest) nothing in the steps writes log lines, so they run without
   * a log context: Node 20's AsyncLocalStorage hooks every promise once used, a cost a
   * backtest would pay at each of its tens of thousands of awaits for no line at all.
   */
  readonly #logContext: boolean;

  constructor(journal: Journal, runId: string, clock: Clock, log?: Logger) {
    this.#journal = journal;
    this.#runId = runId;
    this.#clock = clock;
    this.#log = log ?? silentLogger;
    this.#logContext = log !== undefined;
  }

  get entries(): readonly JournalEntry[] {
    return this.#entries;
  }

  /** The first step that failed, for the alert's subject. */
  get firstFailure(): JournalEntry | undefined {
    return this.#entries.find((e) => e.outcome === 'error' || e.outcome === 'blocked');
  }

  /** Records that a need of later steps is met (connected, an account was read, …). */
  meet(need: StepNeed, met = true): void {
    if (met) this.#met.add(need);
  }

  /** Runs the step if its needs are met, else records it as skipped; the value of its body, if it ran and succeeded. */
  async step<T>(name: CycleStep, body: () => Promise<T>): Promise<T | undefined> {
    // Every declared step is a crash point, whether it then runs or is skipped.
    faultPoint(stepFaultPoint(name));
    const index = CYCLE_STEPS.findIndex((declared) => declared.name === name);
    // The order is part of the declaration: a cycle that ran a step out of it would journal a lie.
    if (index < this.#next) throw new Error(`cycle step ${name} runs out of its declared order`);
    this.#next = index + 1;
    const unmet = CYCLE_STEPS[index]!.needs.find((need) => !this.#met.has(need));
    if (unmet !== undefined) {
      await this.#record({ runId: this.#runId, step: name, startedAt: this.#clock.now(), durationMs: 0, outcome: 'skipped', error: SKIP_REASONS[unmet] });
      return undefined;
    }
    return this.#run(name, body);
  }

  async #run<T>(step: CycleStep, body: () => Promise<T>): Promise<T | undefined> {
    const startedAt = this.#clock.now();
    const started = performance.now();
    let outcome: StepOutcome = 'ok';
    let error: string | undefined;
    let value: T | undefined;
    try {
      // What the step's code logs (a broker's notices) carries the step's name.
      value = await (this.#logContext ? withLogContext({ runId: this.#runId, step }, body) : body());
    } catch (caught) {
      error = this.#message(caught);
      if (caught instanceof StepBlocked) {
        outcome = 'blocked';
        this.blocks.push(`${step}: ${error}`);
      } else {
        outcome = 'error';
        this.errorFlags.push(`${step}: ${error}`);
      }
    }
    // A step whose entry could not be written still did what it did (orders sent stay sent):
    // its value is kept, and its error flag closes the risk gate for the steps after it.
    await this.#record({ runId: this.#runId, step, startedAt, durationMs: round(performance.now() - started), outcome, ...(error ? { error } : {}) });
    return value;
  }

  /**
   * Writes the step's journal entry. A failed write (a full disk, a read-only file) is the
   * step's error, not an exception: the run goes on to the steps that must still happen
   * (alert, disconnect) and ends with the error flag, instead of leaving the broker session
   * open and the process hanging.
   */
  async #record(entry: JournalEntry): Promise<void> {
    this.#entries.push(entry);
    try {
      await this.#journal.record({ step: entry });
    } catch (caught) {
      const message = `the journal could not record the step: ${this.#message(caught)}`;
      this.#entries[this.#entries.length - 1] = { ...entry, outcome: 'error', error: entry.error ? `${entry.error}; ${message}` : message };
      if (entry.outcome !== 'error') this.errorFlags.push(`${entry.step}: ${message}`);
    }
    this.#logEntry(this.#entries[this.#entries.length - 1]!);
  }

  #logEntry(entry: JournalEntry): void {
    const fields = { runId: entry.runId, step: entry.step, outcome: entry.outcome, durationMs: entry.durationMs, ...(entry.error !== undefined ? { error: entry.error } : {}) };
    const message = `${entry.step}: ${entry.outcome}${entry.error !== undefined ? ` (${entry.error})` : ''}`;
    if (entry.outcome === 'error') this.#log.error(message, fields);
    else if (entry.outcome === 'blocked') this.#log.warn(message, fields);
    else this.#log.info(message, fields);
  }

  // A step's error can quote its input (a forecast line, a broker reply) and so a secret;
  // it is redacted once here, before the journal, the flags and every printout see it.
  #message(caught: unknown): string {
    return redactSecrets(caught instanceof Error ? caught.message : String(caught), secretsFromEnv());
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
