import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { autofolio, type CliResult } from '../cli.js';

/** Path (relative to the state folder) → SHA-256 of the content, for every file in it. */
export type StateFiles = ReadonlyMap<string, string>;

export function stateFiles(state: string): StateFiles {
  const files = new Map<string, string>();
  if (!existsSync(state)) return files;
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(state, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(state);
  return files;
}

/** Orders the broker was given (any status past "planned"). */
export function sentOrderCount(state: string): number {
  const db = new Database(join(state, 'autofolio.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("select count(*) as n from orders where status != 'planned'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** SQLite's own check of every page and index: "ok" for a database that opens whole. */
export function integrity(state: string): string {
  const db = new Database(join(state, 'autofolio.sqlite'), { fileMustExist: true });
  try {
    return (db.pragma('integrity_check', { simple: true }) as string) ?? 'no answer';
  } finally {
    db.close();
  }
}

/**
 * An account that has traded once: `init`, then a successful `run`, so that trades.csv, a
 * snapshot, an order file and the database exist and a later failing run can be checked for
 * leaving them untouched.
 */
export async function makeTradedAccount(dir: string): Promise<void> {
  const init = await autofolio(['init', dir]);
  expect(init.code, init.stderr).toBe(0);
  const run = await autofolio(['run', '--config', join(dir, 'autofolio.yaml')], { cwd: dir });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(readFileSync(join(dir, 'state', 'trades.csv'), 'utf8').split('\n').length).toBeGreaterThan(3);
}

export function copyAccount(template: string, dir: string): void {
  cpSync(template, dir, { recursive: true });
}

/**
 * What a run left behind that it should not have: files of the account changed or removed,
 * temporary files, new files that are not whole (a snapshot that is not JSON, a CSV without
 * its last line end). New snapshots, order files and e-mails are a failing run's own records.
 */
export function partialWrites(state: string, before: StateFiles, after: StateFiles, options: { allowChanged: readonly string[] }): string[] {
  const problems: string[] = [];
  for (const [path, hash] of before) {
    if (options.allowChanged.includes(path)) continue;
    if (!after.has(path)) problems.push(`${path} was removed`);
    else if (after.get(path) !== hash) problems.push(`${path} changed`);
  }
  for (const path of after.keys()) {
    if (/\.tmp$|(^|\/)\.[^/]+$/.test(path) && !path.endsWith('.sqlite-wal') && !path.endsWith('.sqlite-shm')) problems.push(`temporary file ${path} left behind`);
    if (before.has(path)) continue;
    const text = readFileSync(join(state, path), 'utf8');
    if (path.endsWith('.json')) {
      try {
        JSON.parse(text);
      } catch {
        problems.push(`new file ${path} is not whole JSON`);
      }
    } else if (path.endsWith('.csv') && !text.endsWith('\n')) {
      problems.push(`new file ${path} does not end with a line end`);
    } else if (!/^(snapshots|orders|outbox)\/|\.sqlite-(wal|shm)$/.test(path)) {
      problems.push(`unexpected new file ${path}`);
    }
  }
  return problems;
}

/** Runs `work` over `items` with at most `limit` at once, results in the order of `items`. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface BatchJob {
  readonly cwd: string;
  readonly args: readonly string[];
}

const BATCH = fileURLToPath(new URL('./run-batch.mjs', import.meta.url));

/**
 * Runs `autofolio` for every job, `processes` child processes at a time, each taking an equal
 * share of the jobs one after another (see run-batch.mjs). Results are in the order of `jobs`.
 */
export async function autofolioBatch(jobs: readonly BatchJob[], processes: number, scratch: string): Promise<CliResult[]> {
  const shares = Array.from({ length: processes }, (_, p) => jobs.map((job, index) => ({ job, index })).filter(({ index }) => index % processes === p));
  const results = new Array<CliResult>(jobs.length);
  await Promise.all(
    shares.map(async (share, p) => {
      const jobsFile = join(scratch, `batch-${p}.json`);
      const resultsFile = join(scratch, `batch-${p}.results.json`);
      writeFileSync(jobsFile, JSON.stringify(share.map(({ job }) => job)));
      const run = await spawnNode([BATCH, jobsFile, resultsFile]);
      if (run.code !== 0) throw new Error(`run-batch exited ${run.code}: ${run.stderr}`);
      const answers = JSON.parse(readFileSync(resultsFile, 'utf8')) as { code: number; stdout: string; stderr: string }[];
      share.forEach(({ index }, i) => (results[index] = { ...answers[i]!, signal: null }));
    }),
  );
  return results;
}

function spawnNode(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
