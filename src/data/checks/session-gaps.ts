import type { Session } from '../../calendar/session.js';
import type { BarWindow } from '../bar-series.js';

/**
 * The sessions (of the instrument's exchange, in order) from the session of bar `from` to the
 * window's last bar that closed by `now` and hold no bar: a day the data skipped. A strategy
 * reading such a history sees two days' move as one. Linear in bars and sessions.
 */
export function missingSessions(window: BarWindow, from: number, sessions: readonly Session[], now: number): Session[] {
  if (window.length === 0 || from >= window.length) return [];
  const first = window.time(Math.max(0, from));
  const last = window.time(window.length - 1);
  const missing: Session[] = [];
  let i = Math.max(0, from);
  for (const session of sessions) {
    if (session.close <= first || session.open > last || session.close > now) continue;
    while (i < window.length && window.time(i) < session.open) i++;
    if (i >= window.length || window.time(i) >= session.close) missing.push(session);
  }
  return missing;
}
