import { loadConfig, type LoadedConfig } from '../config/load.js';
import { fetchIntoFolder, type FetchProgress, type SymbolSummary } from '../data/fetch/fetch-into-folder.js';
import { openDataSource } from '../app/open-data-source.js';
import type { DataFetchOptions } from './data-command.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `autofolio data fetch`: one source, every configured instrument, a line per symbol; exit 1 when any failed. */
export async function dataFetchCommand(options: DataFetchOptions, configFile: string): Promise<void> {
  for (const [flag, value] of [['--from', options.from], ['--to', options.to]] as const) {
    if (value !== undefined && (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) throw new Error(`${flag} ${value}: expected a date YYYY-MM-DD`);
  }
  const config = loadConfig(configFile);
  const name = options.source ?? defaultSource(config);
  const opened = await openDataSource(config, name);
  let summaries: SymbolSummary[];
  try {
    const progress = process.stderr.isTTY ? terminalProgress() : plainProgress(name);
    summaries = await fetchIntoFolder({
      dataDir: config.dataPath,
      instruments: config.instruments,
      source: opened.source,
      ...(options.from ? { from: options.from } : {}),
      ...(options.to ? { to: options.to } : {}),
      now: Date.now(),
      progress,
    });
  } finally {
    await opened.close();
  }
  console.log(`data fetch from ${name} into ${config.dataPath}`);
  for (const s of summaries) console.log(s.error ? `  ${s.symbol}: FAILED, files left as they were: ${s.error}` : `  ${s.symbol}: added ${s.added}, corrected ${s.corrected}, missing ${s.missing ?? 'unknown (no calendar)'}, actions ${s.actions}`);
  const failed = summaries.filter((s) => s.error);
  if (failed.length > 0) {
    console.error(`autofolio: data fetch from ${name} failed for ${failed.map((s) => s.symbol).join(', ')}; their files are as they were`);
    process.exitCode = 1;
  }
}

/** The refresh's source, or the one source configured. */
function defaultSource(config: LoadedConfig): string {
  if (config.dataSources.refresh) return config.dataSources.refresh.source;
  const names = Object.keys(config.dataSources).filter((key) => key !== 'refresh');
  if (names.length === 1) return names[0]!;
  if (names.length === 0 && config.broker.kind === 'ib') return 'ib';
  throw new Error(`${config.configFile}: name the source with --source (${[...names, ...(config.broker.kind === 'ib' ? ['ib'] : [])].join(', ') || 'add one under dataSources, e.g. yahoo: { kind: yahoo-chart }'})`);
}

/** One line rewritten in place: a terminal shows where the fetch is without scrolling. */
function terminalProgress(): (event: FetchProgress) => void {
  return (event) => {
    if (event.kind === 'start') process.stderr.write(`\r\x1b[K[${event.index + 1}/${event.count}] ${event.symbol} ${event.from} … ${event.to}`);
    else if (event.summary.error) process.stderr.write(`\r\x1b[K${event.summary.symbol}: failed\n`);
    else process.stderr.write('\r\x1b[K');
  };
}

/** A log or a pipe gets whole lines, no control characters. */
function plainProgress(name: string): (event: FetchProgress) => void {
  return (event) => {
    if (event.kind === 'start') process.stderr.write(`fetching ${event.symbol} from ${name}: ${event.from} to ${event.to} (${event.index + 1} of ${event.count})\n`);
  };
}
