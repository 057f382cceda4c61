import type { BarWindow } from '../bar-series.js';

/**
 * Whether a history ends too long ago to decide on: its newest bar ended at or before
 * `oldestAllowedStart`, the open of the oldest session it may be from (the clock's last
 * completed session, or one of the few before it, as the config allows). A bar is compared
 * by its end, so a daily bar dated at midnight UTC still counts for its exchange's session
 * later that day. An empty history is stale.
 */
export function isStaleHistory(window: BarWindow, oldestAllowedStart: number): boolean {
  return window.length === 0 || window.end(window.length - 1) <= oldestAllowedStart;
}
