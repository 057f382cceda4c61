import { describe, expect, it } from 'vitest';
import { alertFoldKey, decideFold, reminderNotice } from './alert-fold.js';
import type { FoldState } from './outbox-store.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 10, 14, 14, 35);

describe('alertFoldKey', () => {
  it('gives the same key to the same failure in different runs', () => {
    const a = alertFoldKey('connect', 'connect ECONNREFUSED 127.0.0.1:4002 (run r-20251114T143500Z-1a2b at 2025-11-14T14:35:00.000Z)');
    const b = alertFoldKey('connect', 'connect ECONNREFUSED 127.0.0.1:4002 (run r-20251114T153500Z-9f0e at 2025-11-14T15:35:00.000Z)');
    expect(a).toBe(b);
  });

  it('tells apart another step or another error', () => {
    const base = alertFoldKey('connect', 'connect ECONNREFUSED');
    expect(alertFoldKey('read-forecast', 'connect ECONNREFUSED')).not.toBe(base);
    expect(alertFoldKey('connect', 'connect ETIMEDOUT')).not.toBe(base);
  });
});

describe('decideFold', () => {
  function run(times: readonly number[], reminderMs: number): string[] {
    let state: FoldState | undefined;
    return times.map((time) => {
      const next = decideFold(state, time, reminderMs);
      state = next.state;
      return next.result.action;
    });
  }

  it('folds 24 hourly repeats into the first alert and a reminder every six hours', () => {
    const actions = run(Array.from({ length: 24 }, (_, i) => T0 + i * HOUR), 6 * HOUR);
    expect(actions.filter((a) => a !== 'suppress')).toEqual(['send', 'remind', 'remind', 'remind']);
    expect(actions.map((a, i) => (a === 'suppress' ? -1 : i)).filter((i) => i >= 0)).toEqual([0, 6, 12, 18]);
  });

  it('sends no reminder within the interval, however often the alert repeats', () => {
    const actions = run(Array.from({ length: 50 }, (_, i) => T0 + i * 60_000), 6 * HOUR);
    expect(actions.filter((a) => a !== 'suppress')).toEqual(['send']);
  });

  it('counts every occurrence and keeps the first time', () => {
    let state: FoldState | undefined;
    let last;
    for (let i = 0; i < 7; i++) {
      last = decideFold(state, T0 + i * HOUR, 6 * HOUR);
      state = last.state;
    }
    expect(last!.result).toEqual({ action: 'remind', occurrences: 7, firstSeenAt: T0, lastSentAt: T0 });
  });
});

describe('reminderNotice', () => {
  it('keeps the subject and says how often and since when in both parts', () => {
    const notice = { kind: 'alert' as const, subject: '[autofolio] ERROR A connect: refused', text: 'body', html: '<html><body style="x">\n<p>body</p></body></html>' };
    const reminder = reminderNotice(notice, { action: 'remind', occurrences: 7, firstSeenAt: T0, lastSentAt: T0 });
    expect(reminder.subject).toBe(notice.subject);
    expect(reminder.text).toMatch(/^Reminder: this problem has happened 7 times since 2025-11-14 14:35:00 UTC/);
    expect(reminder.text).toContain('body');
    expect(reminder.html).toMatch(/<body style="x">\n<p[^>]*>Reminder: this problem has happened 7 times/);
  });
});
