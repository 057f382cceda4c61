import { readdirSync, readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofolio, type RunJson } from './cli.js';
import { query } from './state-db.js';

interface FillRow {
  tag: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  quantity: number;
  price: number;
}
interface VersionRow {
  tag: string;
  reason: string;
  limit_price: number;
  decision_price: number;
  arrival_price: number | null;
}

/** An order's figures worked out here from the database alone, to hold the report and the digest to. */
interface Expected {
  symbol: string;
  side: string;
  filled: number;
  average: number;
  vsDecision: number;
  vsArrival: number;
  reprices: number;
}

const signedBp = (bps: number): string => `${bps > 0 ? '+' : ''}${bps.toFixed(1)}`;
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a paper run that works its orders up a re-price ladder, then the report and the digest', () => {
  let dir: string;
  let run: RunJson;
  let expected: Expected[];
  let report: string;
  let digestText: string;
  let digestHtml: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-order-slippage-'));
    expect((await autofolio(['init', dir])).code).toBe(0);
    const config = join(dir, 'autofolio.yaml');
    // A 20 bp spread and limits at the mid: no buy fills when sent; the ladder steps half way to the ask twice, then goes to the ask at its deadline.
    const text = readFileSync(config, 'utf8')
      .replace('spreadBps: 2 ', 'spreadBps: 20')
      .replace('limitOffsetBps: 10 ', 'limitOffsetBps: 0  ')
      .replace('execution:\n', 'execution:\n  reprice: { enabled: true, waitSeconds: 0.2, steps: 2, stepPct: 50, maxPriceBps: 100, atDeadline: touch }\n');
    expect(text).toContain('spreadBps: 20');
    expect(text).toContain('limitOffsetBps: 0 ');
    writeFileSync(config, text);
    const result = await autofolio(['run', '--config', config, '--json']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    run = JSON.parse(result.stdout) as RunJson;

    const fills = query<FillRow>(dir, 'select tag, symbol, side, quantity, price from fills');
    const versions = query<VersionRow>(dir, 'select tag, reason, limit_price, decision_price, arrival_price from order_versions order by id');
    expected = [...new Set(fills.map((f) => f.tag))].map((tag) => {
      const own = fills.filter((f) => f.tag === tag);
      const first = versions.find((v) => v.tag === tag)!;
      const filled = own.reduce((s, f) => s + f.quantity, 0);
      const average = own.reduce((s, f) => s + f.quantity * f.price, 0) / filled;
      const sign = own[0]!.side === 'BUY' ? 1 : -1;
      return {
        symbol: own[0]!.symbol,
        side: own[0]!.side,
        filled,
        average,
        vsDecision: (sign * (average - first.decision_price) / first.decision_price) * 10_000,
        vsArrival: (sign * (average - first.arrival_price!) / first.arrival_price!) * 10_000,
        reprices: versions.filter((v) => v.tag === tag).length - 1,
      };
    });

    const out = join(dir, 'report.html');
    const reported = await autofolio(['report', '--config', config, '--out', out]);
    expect(reported.code, reported.stderr).toBe(0);
    report = readFileSync(out, 'utf8');
    const outbox = join(dir, 'state', 'outbox');
    const mail = await simpleParser(readFileSync(join(outbox, readdirSync(outbox).find((f) => f.includes('digest') && f.endsWith('.eml'))!)));
    digestText = mail.text ?? '';
    digestHtml = typeof mail.html === 'string' ? mail.html : '';
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('works every order up the ladder to the ask, recording each version with its decision and arrival prices', () => {
    expect(run.outcome).toBe('ok');
    expect(run.ordersSent).toBeGreaterThan(3);
    expect(expected).toHaveLength(run.ordersSent);
    const versions = query<VersionRow>(dir, 'select tag, reason, limit_price, decision_price, arrival_price from order_versions order by id');
    expect(versions.every((v) => v.arrival_price !== null)).toBe(true);
    expect(new Set(versions.map((v) => v.reason))).toEqual(new Set(['placed', 'repriced', 'deadline']));
    // Paying the far touch costs about half the spread against the mid the plan decided at.
    for (const e of expected) {
      expect(e.reprices).toBe(3);
      expect(e.vsDecision).toBeGreaterThan(5);
      expect(e.vsDecision).toBeLessThan(15);
    }
  });

  it('autofolio report shows each order\'s slippage against its decision and arrival prices, and its steps', () => {
    for (const e of expected) {
      const row = new RegExp(`<td>${e.side} ${escape(e.symbol)}</td><td>${escape(e.filled.toLocaleString('en-US'))}</td><td>[0-9.,]+</td><td></td><td>[0-9.,]+</td><td>[0-9.,]+</td><td>${escape(signedBp(e.vsDecision))}</td><td>${escape(signedBp(e.vsArrival))}</td><td>${e.reprices}</td>`);
      expect(report, `${e.side} ${e.symbol}`).toMatch(row);
    }
    expect(report.match(/↳ re-priced/g)).toHaveLength(2 * expected.length);
    expect(report.match(/↳ deadline/g)).toHaveLength(expected.length);
    expect(report).toContain('Slippage per order (bps, cost positive)');
  });

  it('the digest e-mail shows each order\'s slippage against its decision and arrival prices, in both parts, with the value-weighted totals', () => {
    expect(digestText).toContain(`Orders filled today (${expected.length}): slippage`);
    for (const e of expected) {
      const line = new RegExp(`${e.side}\\s+${escape(e.filled.toLocaleString('en-US'))}\\s+${escape(e.symbol)}\\s+[0-9.,]+\\s+[0-9.,]+\\s+[0-9.,]+\\s+${escape(signedBp(e.vsDecision))}\\s+${escape(signedBp(e.vsArrival))}\\s+${e.reprices}\\n`);
      expect(digestText, `${e.side} ${e.symbol}`).toMatch(line);
      expect(digestHtml).toContain(`>${escape(e.symbol)}</td>`);
      expect(digestHtml).toMatch(new RegExp(`>${escape(signedBp(e.vsDecision))}</td><td[^>]*>${escape(signedBp(e.vsArrival))}</td><td[^>]*>${e.reprices}</td>`));
    }
    const figures = expected.map((e) => e.vsDecision);
    const total = /Value-weighted over the \d+ orders: ([+-]?[0-9.]+) bp against the decision prices, ([+-]?[0-9.]+) bp against the arrival prices/.exec(digestText);
    expect(total).not.toBeNull();
    expect(Number(total![1])).toBeGreaterThanOrEqual(Math.floor(Math.min(...figures) * 10) / 10);
    expect(Number(total![1])).toBeLessThanOrEqual(Math.ceil(Math.max(...figures) * 10) / 10);
  });
});
