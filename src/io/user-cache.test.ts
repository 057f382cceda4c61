import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCacheEntry, userCacheFolder, writeCacheEntry } from './user-cache.js';

describe('user cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-user-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds its folder from AUTOFOLIO_CACHE_DIR, then XDG_CACHE_HOME, then the home folder', () => {
    expect(userCacheFolder({ AUTOFOLIO_CACHE_DIR: '/a', XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/a');
    expect(userCacheFolder({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe(join('/x', 'autofolio'));
    expect(userCacheFolder({ HOME: '/h' })).toBe(join('/h', '.cache', 'autofolio'));
    expect(userCacheFolder({ AUTOFOLIO_CACHE_DIR: 'off', HOME: '/h' })).toBeUndefined();
  });

  it('reads back what it wrote, owner-only, and leaves no temporary file', () => {
    const env = { AUTOFOLIO_CACHE_DIR: join(dir, 'cache') };
    expect(readCacheEntry('entry.json', env)).toBeUndefined();
    writeCacheEntry('entry.json', '{"a":1}', env);
    expect(readCacheEntry('entry.json', env)?.toString()).toBe('{"a":1}');
    expect(statSync(join(dir, 'cache', 'entry.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'cache'))).toEqual(['entry.json']);
  });

  it('treats a folder it cannot write as no cache, without an error', () => {
    const blocked = join(dir, 'file-not-folder');
    writeFileSync(blocked, '');
    chmodSync(blocked, 0o400);
    const env = { AUTOFOLIO_CACHE_DIR: join(blocked, 'cache') };
    expect(() => writeCacheEntry('entry.json', 'x', env)).not.toThrow();
    expect(readCacheEntry('entry.json', env)).toBeUndefined();
  });

  it('does nothing when turned off', () => {
    writeCacheEntry('entry.json', 'x', { AUTOFOLIO_CACHE_DIR: 'off' });
    expect(readCacheEntry('entry.json', { AUTOFOLIO_CACHE_DIR: 'off' })).toBeUndefined();
  });
});
