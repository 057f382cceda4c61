import { realLimiterClock, type LimiterClock } from './rate-limiter.js';

/** IB's historical data pacing rules (TWS API documentation, "Historical Data Limitations"). */
export interface HistoricalPacingRules {
  /** No identical request within this many ms. */
  readonly identicalGapMs: number;
  /** At most `perContract` requests for one contract in any window of `perContractWindowMs`. */
  readonly perContract: number;
  readonly perContractWindowMs: number;
  /** At most `total` requests in any window of `totalWindowMs`. */
  readonly total: number;
  readonly totalWindowMs: number;
  /** At most this many requests open at once. */
  readonly open: number;
}

export const IB_HISTORICAL_RULES: HistoricalPacingRules = {
  identicalGapMs: 15_000,
  // IB forbids six or more within two seconds.
  perContract: 5,
  perContractWindowMs: 2_000,
  total: 60,
  totalWindowMs: 600_000,
  open: 50,
};

/**
 * Holds historical data requests back until IB's pacing rules allow them, so that no request
 * earns error 162 (pacing violation). `admit` resolves with a release function to call when
 * the answer has arrived.
 */
export class HistoricalPacer {
  readonly #rules: HistoricalPacingRules;
  readonly #clock: LimiterClock;
  readonly #sent: { time: number; key: string; contract: string }[] = [];
  #open = 0;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(rules: HistoricalPacingRules = IB_HISTORICAL_RULES, clock: LimiterClock = realLimiterClock) {
    this.#rules = rules;
    this.#clock = clock;
  }

  admit(key: string, contract: string): Promise<() => void> {
    const turn = this.#queue.then(async () => {
      for (;;) {
        const now = this.#clock.now();
        const wait = this.#waitFor(key, contract, now);
        if (wait <= 0) break;
        await this.#clock.sleep(wait);
      }
      this.#sent.push({ time: this.#clock.now(), key, contract });
      this.#open += 1;
      let released = false;
      return () => {
        if (!released) this.#open -= 1;
        released = true;
      };
    });
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** How long until a request may go: 0 when it may go now. */
  #waitFor(key: string, contract: string, now: number): number {
    const r = this.#rules;
    while (this.#sent.length > 0 && this.#sent[0]!.time <= now - Math.max(r.totalWindowMs, r.identicalGapMs, r.perContractWindowMs)) this.#sent.shift();
    let wait = 0;
    const identical = this.#sent.filter((s) => s.key === key).at(-1);
    if (identical) wait = Math.max(wait, identical.time + r.identicalGapMs - now);
    const sameContract = this.#sent.filter((s) => s.contract === contract && s.time > now - r.perContractWindowMs);
    if (sameContract.length >= r.perContract) wait = Math.max(wait, sameContract[sameContract.length - r.perContract]!.time + r.perContractWindowMs - now);
    const recent = this.#sent.filter((s) => s.time > now - r.totalWindowMs);
    if (recent.length >= r.total) wait = Math.max(wait, recent[recent.length - r.total]!.time + r.totalWindowMs - now);
    // Open requests free up only when answers arrive: poll.
    if (this.#open >= r.open) wait = Math.max(wait, 100);
    return wait;
  }
}
