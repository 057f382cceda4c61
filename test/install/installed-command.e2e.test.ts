import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * better-sqlite3 installs a prebuilt binary downloaded from GitHub, or compiles itself for
 * minutes. prebuild-install's documented "local prebuilds" folder serves it the binary this
 * clone already has, so the install needs the npm registry (or its cache) and nothing else.
 * Returns the environment that points prebuild-install at that folder.
 */
async function localPrebuilds(folder: string): Promise<NodeJS.ProcessEnv> {
  const packageDir = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
  if (!existsSync(join(packageDir, 'build', 'Release', 'better_sqlite3.node'))) return {};
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  mkdirSync(folder, { recursive: true });
  const tarball = join(folder, `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`);
  await run('tar', ['-czf', tarball, '-C', packageDir, 'build/Release/better_sqlite3.node']);
  return { npm_config_better_sqlite3_local_prebuilds: folder };
}

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('autofolio installed from a packed tarball', () => {
  let temp: string;
  let prefix: string;
  let command: string;
  let outside: string;

  async function autofolio(args: readonly string[], cwd = outside): Promise<Result> {
    try {
      const { stdout, stderr } = await run(command, [...args], { cwd, env: { ...process.env, PATH: `${dirname(process.execPath)}:/usr/bin:/bin` } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  beforeAll(async () => {
    temp = realpathSync(mkdtempSync(join(tmpdir(), 'autofolio-install-')));
    prefix = join(temp, 'prefix');
    outside = join(temp, 'home');
    mkdirSync(outside);
    // `npm test` has just built dist/; the prepack script would build it again.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', temp, '--silent'], { cwd: ROOT });
    const tarball = join(temp, packed.stdout.trim().split('\n').pop()!);
    const env = { ...process.env, ...(await localPrebuilds(join(temp, 'prebuilds'))) };
    await run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: outside, env, maxBuffer: 16 * 1024 * 1024 });
    command = join(prefix, 'bin', 'autofolio');
  }, 600_000);

  afterAll(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it('prints its version', async () => {
    const result = await autofolio(['--version']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(VERSION);
  });

  it('sets up an account, runs it and shows its status from a folder outside the clone', async () => {
    const init = await autofolio(['init', 'my-account']);
    expect(init.code, init.stderr).toBe(0);
    const account = join(outside, 'my-account');
    expect(existsSync(join(account, 'autofolio.yaml'))).toBe(true);
    const cycle = await autofolio(['run'], account);
    expect(cycle.code, cycle.stderr + cycle.stdout).toBe(0);
    const status = await autofolio(['status', '--json'], account);
    expect(status.code, status.stderr).toBe(0);
    expect((JSON.parse(status.stdout) as { lastRun: { outcome: string } }).lastRun.outcome).toBe('ok');
  });

  it('writes cron lines with the installed command and node, and refuses a config on the data clock', async () => {
    await autofolio(['init', 'cron-account']);
    const account = join(outside, 'cron-account');
    const refused = await autofolio(['cron'], account);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/autofolio\.yaml: cron runs on the wall clock, but clock: data/);
    expect(refused.stdout).toBe('');

    const config = join(account, 'autofolio.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^clock: data$/m, 'clock: wall'));
    const cron = await autofolio(['cron'], account);
    expect(cron.code, cron.stderr).toBe(0);
    const lines = cron.stdout.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      expect(line).toContain(`${process.execPath} ${command} `);
      expect(line).not.toMatch(/_npx|\.npm\/|_cacache/);
    }
    const service = await autofolio(['service'], account);
    expect(service.code, service.stderr).toBe(0);
    expect(service.stdout).toContain(`ExecStart=${process.execPath} ${command} daemon --config ${config}\n`);
  });
});
