import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/atomic-file.js';
import type { Plan, PlanAction, PlanLine } from '../planning/plan-types.js';
import { fileNumber } from './file-number.js';

/**
 * The order file (step 6 of the README's "One cycle"): the plan written as CSV before anything is sent, so
 * that a person, a recovery run or an outside tool can see what the run meant to do.
 */

export const ORDER_FILE_HEADER = [
  'symbol',
  'action',
  'quantity',
  'limit_price',
  'reference_price',
  'tag',
  'current_quantity',
  'target_quantity',
  'target_weight',
  'reason',
] as const;

export class OrderFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrderFileError';
  }
}

/** RFC 4180: a field holding a comma, quote or line break is quoted, and quotes are doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvRow(line: PlanLine): string {
  const fields = [
    line.symbol,
    line.action,
    fileNumber(line.quantity),
    fileNumber(line.limitPrice),
    fileNumber(line.referencePrice),
    line.tag,
    fileNumber(line.currentQuantity),
    fileNumber(line.targetQuantity),
    fileNumber(line.targetWeight),
    line.reason ?? '',
  ];
  return fields.map(csvField).join(',');
}

/** Writes the plan's lines atomically (see io/atomic-file.ts), readable by the owner only. */
export function writeOrderFile(path: string, plan: Pick<Plan, 'lines'>): void {
  writeFileAtomic(path, [ORDER_FILE_HEADER.join(','), ...plan.lines.map(csvRow)].map((row) => `${row}\r\n`).join(''));
}

/** Splits RFC 4180 text into rows of fields; accepts CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
    } else field += ch;
    i += 1;
  }
  if (quoted) throw new OrderFileError('unterminated quoted field: the file is cut short');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const ACTIONS: ReadonlySet<string> = new Set<PlanAction>(['BUY', 'SELL', 'NONE']);

function number(value: string, column: string, lineNumber: number): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw new OrderFileError(`line ${lineNumber}: ${column} "${value}" is not a number`);
  return parsed;
}

/** Reads an order file back into plan lines, refusing anything malformed. */
export function readOrderFile(path: string): PlanLine[] {
  const rows = parseCsv(readFileSync(path, 'utf8'));
  const [header, ...body] = rows;
  if (!header || header.join(',') !== ORDER_FILE_HEADER.join(',')) {
    throw new OrderFileError(`${path}: the header must be ${ORDER_FILE_HEADER.join(',')}`);
  }
  return body.map((fields, index) => {
    const lineNumber = index + 2;
    if (fields.length !== ORDER_FILE_HEADER.length) {
      throw new OrderFileError(`line ${lineNumber}: expected ${ORDER_FILE_HEADER.length} fields, found ${fields.length}`);
    }
    const [symbol, action, quantity, limit, reference, tag, current, target, weight, reason] = fields as [string, ...string[]];
    if (!ACTIONS.has(action!)) throw new OrderFileError(`line ${lineNumber}: action "${action}" is not BUY, SELL or NONE`);
    const line: PlanLine = {
      symbol,
      action: action as PlanAction,
      quantity: number(quantity!, 'quantity', lineNumber),
      limitPrice: number(limit!, 'limit_price', lineNumber),
      referencePrice: number(reference!, 'reference_price', lineNumber),
      tag: tag!,
      currentQuantity: number(current!, 'current_quantity', lineNumber),
      targetQuantity: number(target!, 'target_quantity', lineNumber),
      targetWeight: number(weight!, 'target_weight', lineNumber),
    };
    return reason ? { ...line, reason } : line;
  });
}
