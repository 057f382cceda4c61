import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './cli.js';

/** `autofolio serve` running as a child process, as its owner starts it. */
export interface ServedDashboard {
  readonly url: string;
  /** Everything the server printed on stderr so far (refused requests are reported there). */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `autofolio serve --port 0 <args>` and waits for the line that gives its address. */
export function serveDashboard(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ServedDashboard> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`autofolio serve exited ${code} before it served: ${stderr}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (!url) return;
      child.removeAllListeners('exit');
      resolve({
        url,
        stderr: () => stderr,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
