import { isDeepStrictEqual } from 'node:util';
import { readCacheEntry, writeCacheEntry } from '../io/user-cache.js';
import type { Config } from './schema.js';

/**
 * Validated configs in the user cache, so that a command whose config has not changed since its
 * last start neither parses the YAML nor builds and runs the schema: those were most of what
 * `autofolio status` did, and cron starts a command every hour. An entry holds the schema's
 * output before paths are resolved, so it does not depend on where the file is; the caller
 * resolves them from the file's location on every load.
 *
 * The key is everything that output depends on: the exact text, the code that validated it
 * (the build id) and Node's version (regular expressions and URL parsing are Node's). The
 * schema reads no environment. The full key is stored inside the entry and compared on every
 * read, so the file name needs only a cheap hash: a colliding or foreign entry is a miss.
 */

const FORMAT = 1;

interface Entry {
  readonly format: number;
  readonly buildId: string;
  readonly node: string;
  readonly text: string;
  readonly config: Config;
}

/** The cached validation of `text` by the code `buildId`, or undefined (no entry, or not this text's). */
export function readCachedConfig(text: string, buildId: string, env: NodeJS.ProcessEnv = process.env): Config | undefined {
  const data = readCacheEntry(entryName(text, buildId), env);
  if (!data) return undefined;
  let entry: Partial<Entry> | null;
  try {
    entry = JSON.parse(data.toString('utf8')) as Partial<Entry> | null;
  } catch {
    // Truncated or corrupt: validated afresh, and the entry is replaced.
    return undefined;
  }
  if (entry === null || typeof entry !== 'object' || entry.format !== FORMAT || entry.buildId !== buildId || entry.node !== process.version || entry.text !== text) return undefined;
  const config = entry.config;
  return config !== null && typeof config === 'object' ? config : undefined;
}

/**
 * Stores the validation of `text`, unless JSON would not give it back unchanged (a value JSON
 * has no form for): a later read must equal a fresh validation, or there is no entry.
 */
export function writeCachedConfig(text: string, buildId: string, config: Config, env: NodeJS.ProcessEnv = process.env): void {
  const entry: Entry = { format: FORMAT, buildId, node: process.version, text, config };
  const json = JSON.stringify(entry);
  if (!isDeepStrictEqual((JSON.parse(json) as Entry).config, config)) return;
  writeCacheEntry(entryName(text, buildId), json, env);
}

function entryName(text: string, buildId: string): string {
  return `config-${fnv1a(`${buildId}\0${process.version}\0${text}`).toString(16).padStart(8, '0')}.json`;
}

// FNV-1a, 32 bits: a file name, not a guard (the key is compared in full), so a cryptographic
// hash would only add node:crypto's loading to every command's start.
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
