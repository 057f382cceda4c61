import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { autofolio, CLI } from './cli.js';

// `autofolio … | head`: the reader takes what it wants and closes the pipe. The command must
// neither crash with a stack trace nor stop its work: the rest of the output has nowhere to go.

interface ClosedPipeResult {
  readonly code: number | null;
  readonly firstBytes: string;
  readonly stderr: string;
}

/** Runs the command and closes its standard output once `keepBytes` bytes have come (at once for 0). */
function runClosingStdout(args: readonly string[], keepBytes: number, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ClosedPipeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let firstBytes = '';
    let stderr = '';
    if (keepBytes === 0) child.stdout.destroy();
    child.stdout.on('data', (chunk: Buffer) => {
      firstBytes += chunk.toString();
      if (firstBytes.length >= keepBytes) child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, firstBytes, stderr }));
  });
}

describe('a reader that closes the pipe early', () => {
  const folder = mkdtempSync(join(tmpdir(), 'autofolio-closed-pipe-'));
  const account = join(folder, 'account');
  const config = join(account, 'autofolio.yaml');
  const env = { AUTOFOLIO_CACHE_DIR: join(folder, 'cache') };
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('ends `calendar --json` quietly: exit 0, no error printed', async () => {
    // 31 years of sessions: far more than a pipe holds, so later writes meet the closed pipe.
    const result = await runClosingStdout(['calendar', '--exchange', 'XNYS', '--from', '2000-01-01', '--to', '2030-12-31', '--json'], 10);
    expect(result.firstBytes.startsWith('[')).toBe(true);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('ends `backtest --json` quietly once the reader has its first bytes', async () => {
    expect((await autofolio(['init', account], { env })).code).toBe(0);
    const result = await runClosingStdout(['backtest', '--config', config, '--json'], 20, { cwd: account, env });
    expect(result.firstBytes.startsWith('{"twr":')).toBe(true);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('lets a run finish its cycle and record it when nobody reads what it prints', async () => {
    const result = await runClosingStdout(['run', '--config', config, '--json'], 0, { cwd: account, env });
    expect(result.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(result.code).toBe(0);
    const status = JSON.parse((await autofolio(['status', '--config', config, '--json'], { cwd: account, env })).stdout) as { lastRun?: { outcome: string; orders: number } };
    expect(status.lastRun?.outcome).toBe('ok');
    expect(status.lastRun?.orders).toBeGreaterThan(0);
  });
});
