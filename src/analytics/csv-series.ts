import { readFileSync } from 'node:fs';
import type { DatedValue } from './series.js';

/** A series file that cannot be read: the message names the file and the line. */
export class SeriesFileError extends Error {
  constructor(readonly file: string, readonly line: number | undefined, reason: string) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${reason}`);
    this.name = 'SeriesFileError';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses a two-column CSV `date,<value>` (a header row first, e.g. `date,equity` or
 * `date,amount`). Dates are YYYY-MM-DD (an ISO time is cut to its date); values plain numbers.
 * With `increasing`, dates must increase strictly (an equity or price series); cash flows may
 * share a date.
 */
export function parseSeriesCsv(text: string, file: string, options: { valueName: string; increasing: boolean }): DatedValue[] {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.trim().toLowerCase().split(',').map((h) => h.trim());
  if (!header || header.length !== 2 || header[0] !== 'date') throw new SeriesFileError(file, 1, `the header must be "date,${options.valueName}", found "${lines[0] ?? ''}"`);
  const points: DatedValue[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const lineNumber = i + 1;
    const fields = raw.split(',').map((f) => f.trim());
    if (fields.length !== 2) throw new SeriesFileError(file, lineNumber, `expected 2 fields (date,${options.valueName}), found ${fields.length}`);
    const date = fields[0]!.length > 10 && /^\d{4}-\d{2}-\d{2}T/.test(fields[0]!) ? fields[0]!.slice(0, 10) : fields[0]!;
    if (!DATE.test(date) || Number.isNaN(Date.parse(date))) throw new SeriesFileError(file, lineNumber, `"${fields[0]}" is not a date (YYYY-MM-DD)`);
    const value = Number(fields[1]);
    if (fields[1] === '' || !Number.isFinite(value)) throw new SeriesFileError(file, lineNumber, `${options.valueName} "${fields[1]}" is not a number`);
    const previous = points[points.length - 1];
    if (options.increasing && previous && date <= previous.date) throw new SeriesFileError(file, lineNumber, `date ${date} does not come after ${previous.date}: sort the file and list each date once`);
    points.push({ date, value });
  }
  if (options.increasing && points.length === 0) throw new SeriesFileError(file, undefined, 'has no rows');
  return points;
}

export function readSeriesCsv(file: string, options: { valueName: string; increasing: boolean }): DatedValue[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SeriesFileError(file, undefined, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseSeriesCsv(text, file, options);
}
