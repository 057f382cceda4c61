import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WITH_USAGE = fileURLToPath(new URL('./with-usage.js', import.meta.url));
// `--json` prints every order and fill: tens of megabytes for 500 symbols over ten years.
const MAX_OUTPUT_BYTES = 1024 ** 3;

export interface Measure {
  /** Wall time from spawn to exit. */
  readonly seconds: number;
  readonly maxRssMiB: number;
  readonly stdout: string;
  /** Why the program failed (its exit status and the start of its error output); absent on success. */
  readonly error?: string;
}

/**
 * The Node options of a program's `#!/usr/bin/env -S node …` line (none without one): the
 * command users run starts with them, so its measure does too.
 */
function nodeOptionsOf(program: string): string[] {
  const firstLine = readFileSync(program, 'utf8').split('\n', 1)[0]!;
  const options = /^#!\S*env -S node((?:\s+\S+)*)\s*$/.exec(firstLine)?.[1];
  return options ? options.trim().split(/\s+/) : [];
}

/**
 * Runs a compiled Node program in a fresh temporary folder, its working directory, and measures
 * it, with the Node options of its `#!` line. `args` is given that folder, so the caller can
 * first write what the program needs there (a config) and no run sees the files or state of
 * another. The folder is deleted afterwards.
 */
export function measureNode(program: string, args: (folder: string) => readonly string[]): Measure {
  const folder = mkdtempSync(join(tmpdir(), 'autofolio-bench-'));
  const usageFile = join(folder, 'usage.json');
  try {
    const argv = args(folder);
    const started = process.hrtime.bigint();
    // Bytes, decoded after the clock stops: turning tens of megabytes into a string is the
    // bench's own work, which the wall time of the program measured should not hold.
    const child = spawnSync(process.execPath, [...nodeOptionsOf(program), WITH_USAGE, program, ...argv], { cwd: folder, env: { ...process.env, BENCH_USAGE_FILE: usageFile }, maxBuffer: MAX_OUTPUT_BYTES });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const stdout = child.stdout?.toString('utf8') ?? '';
    let maxRssMiB = Number.NaN;
    try {
      maxRssMiB = (JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRssKiB: number }).maxRssKiB / 1024;
    } catch {
      // A program killed before its exit handler ran leaves no usage file; its RSS stays unknown.
    }
    if (child.status === 0) return { seconds, maxRssMiB, stdout };
    const reason = child.error ? child.error.message : `exit ${child.status ?? child.signal}`;
    const detail = (child.stderr?.toString('utf8') ?? '').trim().split('\n').slice(0, 6).join('\n    ');
    return { seconds, maxRssMiB, stdout, error: `${reason}${detail ? `:\n    ${detail}` : ''}` };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
