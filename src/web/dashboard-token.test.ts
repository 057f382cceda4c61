import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dashboardToken, tokenHashFile, tokenMatches } from './dashboard-token.js';

describe('the dashboard token', () => {
  const dirs: string[] = [];
  const stateDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'autofolio-token-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('is generated once, kept only as its hash readable by the owner, and never shown again', () => {
    const dir = stateDir();
    const first = dashboardToken(dir, {});
    expect(first.source).toBe('generated');
    expect(first.generated!.length).toBeGreaterThanOrEqual(43);
    const stored = readFileSync(tokenHashFile(dir), 'utf8');
    expect(stored).not.toContain(first.generated!);
    expect(statSync(tokenHashFile(dir)).mode & 0o777).toBe(0o600);
    const again = dashboardToken(dir, {});
    expect(again).toMatchObject({ source: 'file' });
    expect(again.generated).toBeUndefined();
    expect(tokenMatches(again, first.generated!)).toBe(true);
    expect(tokenMatches(again, `${first.generated!}x`)).toBe(false);
  });

  it('comes from AUTOFOLIO_DASHBOARD_TOKEN when set, which must be long enough, and then writes nothing', () => {
    const dir = stateDir();
    const token = dashboardToken(dir, { AUTOFOLIO_DASHBOARD_TOKEN: 'a-long-enough-token-123' });
    expect(token.source).toBe('environment');
    expect(tokenMatches(token, 'a-long-enough-token-123')).toBe(true);
    expect(() => statSync(tokenHashFile(dir))).toThrow();
    expect(() => dashboardToken(dir, { AUTOFOLIO_DASHBOARD_TOKEN: 'short' })).toThrow(/AUTOFOLIO_DASHBOARD_TOKEN must be at least 20 characters/);
  });

  it('refuses a hash file that others can read, naming the file and the fix', () => {
    const dir = stateDir();
    dashboardToken(dir, {});
    chmodSync(tokenHashFile(dir), 0o644);
    expect(() => dashboardToken(dir, {})).toThrow(`${tokenHashFile(dir)}: readable by others (mode 644)`);
  });
});
