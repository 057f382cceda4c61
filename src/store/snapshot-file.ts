import { join } from 'node:path';
import type { Snapshot } from '../domain/snapshot.js';
import { writeFileAtomic } from '../io/atomic-file.js';

/** Writes the run's snapshot as `<dir>/<YYYY-MM-DD>/<runId>.json` and returns the path. */
export function writeSnapshotFile(dir: string, snapshot: Snapshot): string {
  const date = new Date(snapshot.time).toISOString().slice(0, 10);
  const path = join(dir, date, `${snapshot.runId}.json`);
  writeFileAtomic(path, JSON.stringify({ ...snapshot, time: new Date(snapshot.time).toISOString(), trades: snapshot.trades.map((t) => ({ ...t, time: new Date(t.time).toISOString() })) }, null, 2) + '\n');
  return path;
}
