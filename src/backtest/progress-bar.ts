/** Where progress goes; the CLI passes stderr. */
export interface ProgressSink {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const WIDTH = 30;
const EVERY_MS = 100;

/**
 * A one-line progress bar on a terminal, redrawn at most ten times a second; silent when the
 * output is a file or a pipe, so logs and `--json` consumers get no control characters.
 */
export class ProgressBar {
  readonly #sink: ProgressSink;
  readonly #label: string;
  #lastDraw = 0;
  #drawn = false;

  constructor(sink: ProgressSink, label: string) {
    this.#sink = sink;
    this.#label = label;
  }

  update(done: number, total: number): void {
    if (!this.#sink.isTTY) return;
    const now = performance.now();
    if (done < total && now - this.#lastDraw < EVERY_MS) return;
    this.#lastDraw = now;
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(share * WIDTH);
    this.#sink.write(`\r${this.#label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${done}/${total}`);
    this.#drawn = true;
  }

  /** Clears the line so that the results start on a clean one. */
  finish(): void {
    if (this.#drawn) this.#sink.write(`\r${' '.repeat(this.#label.length + WIDTH + 30)}\r`);
    this.#drawn = false;
  }
}
