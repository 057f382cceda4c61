import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { BUILD_ID } from '../io/build-id.js';
import { readCachedConfig, writeCachedConfig } from './config-cache.js';
import { configSchemas, type Config } from './schema.js';
import { envNameFor, findSecretKeys } from './secret-keys.js';

/** A config that failed to load: the message names the file, line and field, and says how to fix it. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** A validated config with its paths made absolute. Frozen: nothing changes it after start-up. */
export interface LoadedConfig extends Config {
  readonly configFile: string;
  /** Absolute folder of market data files. */
  readonly dataPath: string;
  /** Absolute folder of everything the account records. */
  readonly statePath: string;
}

/** A config an account runs on: it says where alerts go. */
export interface RunConfig extends LoadedConfig {
  readonly notify: NonNullable<LoadedConfig['notify']>;
}

/** The config of an account that runs: backtests may leave `notify` out, runs may not. */
export function requireNotify(config: LoadedConfig): RunConfig {
  if (!config.notify) throw new ConfigError(`${config.configFile}: notify: required to run an account (who receives alerts and digests), e.g. notify: { to: you@example.com }`);
  return config as RunConfig;
}

export function loadConfig(file: string): LoadedConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? String(error)}); run "autofolio init" to write one, or pass --config FILE`);
  }
  return parseConfig(text, path);
}

/**
 * The config in `text`, read from the file `path`. The code's `buildId` keys the user cache of
 * validated configs (./config-cache.ts); without one (tsc's dist/, tests), every load validates.
 */
export function parseConfig(text: string, path: string, buildId: string | undefined = BUILD_ID): LoadedConfig {
  let config = buildId === undefined ? undefined : readCachedConfig(text, buildId);
  if (!config) {
    config = validate(text, path);
    if (buildId !== undefined) writeCachedConfig(text, buildId, config);
  }
  // Paths are resolved on every load, from the file's own location: the cached part holds none.
  const baseDir = dirname(path);
  return deepFreeze({
    ...config,
    configFile: path,
    dataPath: resolve(baseDir, config.dataDir),
    statePath: resolve(baseDir, config.stateDir),
  });
}

function validate(text: string, path: string): Config {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const line = first.linePos?.[0]?.line ?? lineCounter.linePos(first.pos[0]).line;
    throw new ConfigError(`${path}${line ? `:${line}` : ''}: invalid YAML: ${first.message.split('\n')[0]}`);
  }
  const raw: unknown = document.toJS() ?? {};
  // Before the schema, whose "unknown key" would not say why; the value is never echoed.
  const secrets = findSecretKeys(raw);
  if (secrets.length > 0) {
    const lines = secrets.map((key) => {
      const line = lineOf(document, lineCounter, [...key]);
      return `  ${path}${line ? `:${line}` : ''}: ${key.join('.')}: secrets never go in the config file: remove the key and set ${envNameFor(key, raw)} in the environment instead`;
    });
    throw new ConfigError([`invalid config ${path}:`, ...lines].join('\n'));
  }
  const result = configSchemas().configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(formatIssues(result.error.issues, path, document, lineCounter, raw));
  }
  return result.data;
}

function formatIssues(issues: readonly z.core.$ZodIssue[], path: string, document: Document, lineCounter: LineCounter, raw: unknown): string {
  const lines = issues.slice(0, 10).map((issue) => {
    const field = issue.path.map(String).join('.') || '(top level)';
    const line = lineOf(document, lineCounter, issue.path as (string | number)[]);
    return `  ${path}${line ? `:${line}` : ''}: ${field}: ${describeIssue(issue, valueAt(raw, issue.path), raw)}`;
  });
  const more = issues.length > 10 ? [`  … and ${issues.length - 10} more`] : [];
  return [`invalid config ${path}:`, ...lines, ...more].join('\n');
}

/**
 * The value the YAML gave at `path`, or none when the key is absent. zod 4 leaves the input out
 * of its issues, so a wrong type must be told from a missing key by the document itself.
 */
function valueAt(raw: unknown, path: readonly PropertyKey[]): { readonly value: unknown } | undefined {
  let node: unknown = raw;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node === undefined ? undefined : { value: node };
}

/**
 * Keys left over from another kind of a section chosen by `kind` (lookbackDays after switching
 * the strategy to external): said as such, with the kinds they belong to, since their spelling is fine.
 */
function otherKindKeys(issue: z.core.$ZodIssueUnrecognizedKeys, raw: unknown): string | undefined {
  const section = issue.path.map(String).join('.');
  const kinds = configSchemas().KEYS_BY_KIND.get(section);
  const chosen = (raw as Record<string, { kind?: unknown } | undefined>)[section]?.kind;
  if (!kinds || typeof chosen !== 'string') return undefined;
  const owners = (key: string): string[] => [...kinds].filter(([kind, keys]) => kind !== chosen && keys.includes(key)).map(([kind]) => kind);
  if (!issue.keys.every((key) => owners(key).length > 0)) return undefined;
  if (issue.keys.length === 1) {
    const key = issue.keys[0]!;
    const kinds = owners(key);
    return `"${key}" is a key of ${section} kind ${kinds.join(' or ')}, not of kind: ${chosen}: remove it, or set kind: ${kinds[0]}`;
  }
  const parts = issue.keys.map((key) => `"${key}" (${owners(key).join(', ')})`);
  return `${parts.join(', ')} are keys of other ${section} kinds, not of kind: ${chosen}: remove them, or set the kind they belong to`;
}

function describeIssue(issue: z.core.$ZodIssue, given: { readonly value: unknown } | undefined, raw: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return given === undefined ? `is required (expected ${article(issue.expected)})` : `expected ${article(issue.expected)}, got ${describeValue(given.value)}`;
    case 'unrecognized_keys':
      return otherKindKeys(issue, raw) ?? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: check the spelling or remove ${issue.keys.length > 1 ? 'them' : 'it'}`;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/** A value as an error names it: its YAML type and, for a scalar, the value itself (shortened). */
function describeValue(value: unknown): string {
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value) ?? String(value);
  return `${article(typeof value)} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

/** Line of the deepest node of `fieldPath` that exists in the YAML, so a missing key points at its parent. */
function lineOf(document: Document, lineCounter: LineCounter, fieldPath: (string | number)[]): number | undefined {
  for (let depth = fieldPath.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(fieldPath.slice(0, depth), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
