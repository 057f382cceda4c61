import { describe, expect, it } from 'vitest';
import { installedCommand, isNpmCachePath, NotInstalledError } from './installed-command.js';

describe('the installed command', () => {
  it('is named by absolute paths of node and of the command, even when started by a relative path', () => {
    expect(installedCommand('bin/autofolio', '/usr/bin/node', '/opt/af')).toEqual({ node: '/usr/bin/node', script: '/opt/af/bin/autofolio' });
    expect(installedCommand('/usr/local/bin/autofolio', '/usr/bin/node')).toEqual({ node: '/usr/bin/node', script: '/usr/local/bin/autofolio' });
  });

  it('is refused from the npx cache, which npm cleans at will', () => {
    const npx = '/home/me/.npm/_npx/f36ce4a34885e06a/node_modules/.bin/autofolio';
    expect(isNpmCachePath(npx)).toBe(true);
    expect(() => installedCommand(npx, '/usr/bin/node')).toThrow(NotInstalledError);
    expect(() => installedCommand(npx, '/usr/bin/node')).toThrow(/npx cache \(\/home\/me\/\.npm\/_npx\/.*Install the command/);
  });

  it('is not mistaken for the cache when installed globally', () => {
    expect(isNpmCachePath('/home/me/.npm-global/lib/node_modules/autofolio/dist/cli/main.js')).toBe(false);
    expect(isNpmCachePath('/usr/lib/node_modules/autofolio/dist/cli/main.js')).toBe(false);
  });
});
