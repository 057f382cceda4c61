import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { autofolio, CLI } from './cli.js';
import { logText } from './log-lines.js';

/** A long-running `autofolio scheduler` or `autofolio worker` child, with its output gathered as it comes. */
export class QueueProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stderr = '';
  stdout = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: readonly string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    this.child.stdout.on('data', (c: Buffer) => (this.stdout += c.toString()));
    this.child.stderr.on('data', (c: Buffer) => (this.stderr += c.toString()));
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
  }

  text(): string {
    return logText(this.stderr);
  }

  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    const start = Date.now();
    while (!pattern.test(this.text())) {
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${pattern}; stderr:\n${this.stderr.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}

/**
 * `count` paper accounts, each in a folder of its own under `root`, made by `autofolio init` once
 * and copied (a copy of a folder no run has touched is what `init` makes), with ids, ….
 */
export async function paperAccounts(root: string, count: number): Promise<{ id: string; dir: string; config: string }[]> {
  const template = join(root, 'template');
  const init = await autofolio(['init', template]);
  if (init.code !== 0) throw new Error(`autofolio init failed: ${init.stderr}`);
  return Array.from({ length: count }, (_, i) => {
    const id = `Q-${String(i + 1).padStart(2, '0')}`;
    const dir = join(root, id);
    cpSync(template, dir, { recursive: true });
    const config = join(dir, 'autofolio.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^ {2}id: PAPER-1\b/m, `  id: ${id}`));
    return { id, dir, config };
  });
}

/** Rows of an account's SQLite journal. */
export function journalRows<T>(dir: string, sql: string): T[] {
  const db = new Database(join(dir, 'state', 'autofolio.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
