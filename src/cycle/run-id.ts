import { randomBytes } from 'node:crypto';

/**
 * Run ids sort by time and carry a random suffix so that two runs in the same second differ:
 * `r-20251114T153500Z-1a2b`. Order tags are `<runId>:<symbol>` (see domain/order.ts).
 */
export function newRunId(now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return `r-${stamp}-${randomBytes(2).toString('hex')}`;
}
