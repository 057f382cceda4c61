import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// Tests never read or write the user's own cache (~/.cache/autofolio): each test file gets an
// empty folder of its own, which the commands it spawns inherit through the environment.
const folder = mkdtempSync(join(tmpdir(), 'autofolio-test-cache-'));
process.env.AUTOFOLIO_CACHE_DIR = folder;
afterAll(() => rmSync(folder, { recursive: true, force: true }));
