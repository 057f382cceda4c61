import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { OUT } from '../test/ib-gateway/client-messages.js';
import { loadConfig } from '../src/config/load.js';
import { StandInGateway } from '../test/ib-gateway/stand-in-gateway.js';
import { wideAccountDir, wideGatewayState } from '../test/ib-gateway/wide-account.js';

export interface LiveRun {
  readonly label: string;
  readonly seconds: number;
  readonly sent: number;
  readonly contracts: number;
  readonly quotes: number;
  readonly orders: number;
  /** The messages the run cannot do without: a quote and an order per instrument traded, and each contract it never saw. */
  readonly needed: number;
  readonly outcome: string;
  readonly problem?: string;
}

export interface LiveCycle {
  readonly runs: readonly LiveRun[];
  readonly pacingViolations: number;
  readonly linesRefused: number;
  readonly peakOpenLines: number;
  /** The messages per second the account's config lets autofolio send (broker.maxMessagesPerSecond, its default here), the floor's rate. */
  readonly rate: number;
  /** The account's config, left for the start-up figures of `status`; removed by cleanup(). */
  readonly config: string;
  cleanup(): void;
}

/** Runs `node args…` to its end without blocking this process (the stand-in answers from it). */
function runNode(args: readonly string[]): Promise<{ seconds: number; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, code, stdout, stderr }));
  });
}

/**
 * Two `autofolio run` processes over `count` instruments against the project's stand-in IB
 * gateway at IB's own limits (50 messages a second, 100 market data lines), as a user runs
 * them: the first buys every instrument, the second finds the portfolio on target.
 */
export async function liveCycle(cli: string, count: number): Promise<LiveCycle> {
  const gateway = new StandInGateway(wideGatewayState(count));
  // IB takes a moment to gather a snapshot: requests overlap, as they do live.
  gateway.snapshotDelayMs = 50;
  const port = await gateway.start();
  const { dir, config } = wideAccountDir(port, count);
  // The rate the runs are held to, read as the command reads it: the floor moves with the config's default.
  const broker = loadConfig(config).broker;
  if (broker.kind !== 'ib') throw new Error(`the wide account's broker is ${broker.kind}, not ib`);
  const runs: LiveRun[] = [];
  try {
    for (const label of ['first run (buys all)', 'second run (on target)']) {
      const from = gateway.state.received.length;
      const done = await runNode([cli, 'run', '--config', config, '--json']);
      const kinds = gateway.state.received.slice(from).map((m) => Number(m.fields[0]));
      const of = (id: number) => kinds.filter((k) => k === id).length;
      let outcome = 'failed';
      let problem: string | undefined;
      try {
        const json = JSON.parse(done.stdout) as { outcome: string; problems: string[] };
        outcome = json.outcome;
        if (json.problems.length > 0) problem = json.problems.join('; ');
      } catch {
        problem = `exit ${done.code}: ${done.stderr.trim().split('\n').slice(0, 4).join(' | ')}`;
      }
      const contracts = of(OUT.REQ_CONTRACT_DATA);
      const quotes = of(OUT.REQ_MKT_DATA);
      const orders = of(OUT.PLACE_ORDER);
      runs.push({ label, seconds: done.seconds, sent: kinds.length, contracts, quotes, orders, needed: contracts + quotes + orders, outcome, ...(problem ? { problem } : {}) });
    }
  } finally {
    await gateway.stop();
  }
  return { runs, rate: broker.maxMessagesPerSecond, pacingViolations: gateway.pacingViolations, linesRefused: gateway.linesRefused, peakOpenLines: gateway.peakOpenLines, config, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `node args` once and fails unless it succeeds (the bench's set-up steps). */
export async function runNodeOk(args: readonly string[]): Promise<void> {
  const run = await runNode(args);
  if (run.code !== 0) throw new Error(`node ${args.join(' ')} exited with ${run.code}: ${run.stderr.trim()}`);
}

/** Median wall time of `node args…`, started `times` times from this process. */
export async function startupSeconds(args: readonly string[], times: number): Promise<number> {
  const seconds: number[] = [];
  for (let i = 0; i < times; i++) {
    const run = await runNode(args);
    // A command that fails early would pass for a fast one.
    if (run.code !== 0) throw new Error(`node ${args.join(' ')} exited with ${run.code}: ${run.stderr.trim()}`);
    seconds.push(run.seconds);
  }
  return seconds.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}
