import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofolio, CLI } from './cli.js';

const SYSTEMD_ANALYZE = '/usr/bin/systemd-analyze';

/** `systemd-analyze verify` of a unit file: its exit code and what it complained about. */
async function verify(unitFile: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(SYSTEMD_ANALYZE, ['verify', unitFile]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe.runIf(existsSync(SYSTEMD_ANALYZE))('autofolio service: a systemd unit for the daemon', () => {
  let dir: string;
  let config: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio service-'));
    expect((await autofolio(['init', dir])).code).toBe(0);
    config = join(dir, 'autofolio.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^clock: data$/m, 'clock: wall'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([[[]], [['--user']]])('passes systemd-analyze verify (%j), naming the installed command, the account folder and the secrets file', async (flags: string[]) => {
    const printed = await autofolio(['service', ...flags, '--config', config]);
    expect(printed.code, printed.stderr).toBe(0);
    const unit = printed.stdout;
    expect(unit).toContain(`ExecStart=${process.execPath} ${CLI} daemon --config "${config}"`);
    expect(unit).toContain(`WorkingDirectory=${dir}\n`);
    expect(unit).toContain(`EnvironmentFile=${join(dir, 'autofolio.env')}\n`);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    // Longer than a cycle of the starter config: 30 s of sells, 10 of fills, 5 broker calls of 60, 120 of lock wait, 30 of mail.
    expect(Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)?.[1])).toBeGreaterThan(30 + 10 + 5 * 60 + 120 + 30);
    expect(unit).toMatch(flags.length ? /^WantedBy=default\.target$/m : /^WantedBy=multi-user\.target$/m);
    const file = join(dir, `check${flags.length}.service`);
    writeFileSync(file, unit);
    const checked = await verify(file);
    expect(checked).toEqual({ code: 0, output: '' });
  });

  it('--write writes the unit and a secrets file only its owner can read, and refuses a secrets file others can read', async () => {
    const unitDir = join(dir, 'units');
    const written = await autofolio(['service', '--write', '--unit-dir', unitDir, '--config', config]);
    expect(written.code, written.stderr).toBe(0);
    expect(readFileSync(join(unitDir, 'autofolio-PAPER-1.service'), 'utf8')).toMatch(/^ExecStart=/m);
    const secrets = join(dir, 'autofolio.env');
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    chmodSync(secrets, 0o644);
    const refused = await autofolio(['service', '--write', '--unit-dir', unitDir, '--config', config]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${secrets}: holds the account's secrets but is readable by others (mode 644): chmod 600`);
  });

  it('is refused for a config on the data clock, with the reason', async () => {
    writeFileSync(join(dir, 'data-clock.yaml'), readFileSync(config, 'utf8').replace(/^clock: wall$/m, 'clock: data'));
    const refused = await autofolio(['service', '--config', join(dir, 'data-clock.yaml')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/data-clock\.yaml: a service runs on the wall clock, but clock: data/);
  });
});
