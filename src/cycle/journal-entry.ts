export type StepOutcome = 'ok' | 'error' | 'blocked' | 'skipped';

/** One step of one run, as recorded in the run journal. */
export interface JournalEntry {
  readonly runId: string;
  readonly step: string;
  /** Epoch ms UTC. */
  readonly startedAt: number;
  readonly durationMs: number;
  readonly outcome: StepOutcome;
  readonly error?: string;
}
