import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { autofolio, type RunJson } from '../cli.js';
import { alpacaAccountDir, runBook } from './account-dir.js';
import { StandInAlpaca } from './stand-in-alpaca.js';

interface Stored {
  fills: { exec_id: string; tag: string }[];
  runs: string[];
}

function stored(dir: string): Stored {
  const db = new Database(join(dir, 'state', 'autofolio.sqlite'), { readonly: true });
  try {
    return {
      fills: db.prepare('select exec_id, tag from fills order by exec_id').all() as { exec_id: string; tag: string }[],
      runs: (db.prepare('select outcome from runs order by rowid').all() as { outcome: string }[]).map((r) => r.outcome),
    };
  } finally {
    db.close();
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('autofolio on an Alpaca paper account (the stand-in), through the built CLI', () => {
  let alpaca: StandInAlpaca | undefined;
  let dir: string | undefined;
  let env: Record<string, string> = {};

  async function start(): Promise<string> {
    alpaca = new StandInAlpaca(runBook());
    const url = await alpaca.start();
    env = { ALPACA_KEY_ID: alpaca.keyId, ALPACA_SECRET_KEY: alpaca.secretKey };
    let config: string;
    ({ dir, config } = alpacaAccountDir(url));
    return config;
  }

  async function run(config: string, extraEnv: Record<string, string> = {}): Promise<Awaited<ReturnType<typeof autofolio>>> {
    return autofolio(['run', '--config', config, '--json'], { env: { ...env, ...extraEnv } });
  }

  afterEach(async () => {
    await alpaca?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    alpaca = undefined;
    dir = undefined;
  });

  it('runs a full cycle: the sell, then the buy, each with its tag as client_order_id; fills recorded; reconcile agrees; the keys appear nowhere', async () => {
    const config = await start();
    const first = await run(config);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    const result = JSON.parse(first.stdout) as RunJson;
    expect(result).toMatchObject({ outcome: 'ok', ordersSent: 2, fills: 2, problems: [] });

    const placed = alpaca!.placed;
    expect(placed.map((o) => [o.side, o.symbol, o.qty, o.clientOrderId, o.status, o.timeInForce])).toEqual([
      ['sell', 'SPY', 280, `${result.runId}:SPY`, 'filled', 'day'],
      ['buy', 'IWM', 320, `${result.runId}:IWM`, 'filled', 'day'],
    ]);
    const { fills } = stored(dir!);
    expect(fills.map((f) => f.exec_id)).toEqual(alpaca!.book.activities.map((a) => a.id).sort());
    expect(fills.map((f) => f.tag).sort()).toEqual(placed.map((o) => o.clientOrderId).sort());

    const reconcile = await autofolio(['reconcile', '--json', '--config', config], { env });
    expect(reconcile.code, reconcile.stderr + reconcile.stdout).toBe(0);
    expect((JSON.parse(reconcile.stdout) as { ok: boolean }).ok).toBe(true);

    const again = JSON.parse((await run(config)).stdout) as RunJson;
    expect(again).toMatchObject({ outcome: 'ok', ordersSent: 0 });
    expect(alpaca!.placed).toHaveLength(2);

    const everything = [first.stdout, first.stderr, reconcile.stdout, reconcile.stderr, ...filesUnder(dir!).map((f) => readFileSync(f).toString('latin1'))].join('\n');
    expect(everything).not.toContain(alpaca!.secretKey);
    expect(everything).not.toContain(alpaca!.keyId);
  });

  it('killed after sending, then run again: nothing is sent twice, every fill is recorded once, reconcile agrees', async () => {
    const config = await start();
    const crashed = await run(config, { AUTOFOLIO_FAULT: 'step:collect-fills' });
    expect(crashed.signal).toBe('SIGKILL');
    const sentByCrashedRun = alpaca!.placed.map((o) => o.clientOrderId);
    expect(sentByCrashedRun).toHaveLength(2);

    const again = await run(config);
    expect(again.code, again.stderr + again.stdout).toBe(0);
    const rerun = JSON.parse(again.stdout) as RunJson;
    expect(rerun).toMatchObject({ outcome: 'ok', ordersSent: 0 });
    expect(alpaca!.book.orders.map((o) => o.clientOrderId)).toEqual(sentByCrashedRun);

    const { fills, runs } = stored(dir!);
    expect(runs).toEqual(['interrupted', 'ok']);
    expect(fills.map((f) => f.exec_id)).toEqual(alpaca!.book.activities.map((a) => a.id).sort());
    expect(new Set(fills.map((f) => f.tag))).toEqual(new Set(sentByCrashedRun));
    const trades = readFileSync(join(dir!, 'state', 'trades.csv'), 'utf8').trim().split('\n').slice(1);
    expect(trades.map((row) => row.split(',')[9]).sort()).toEqual(fills.map((f) => f.exec_id));

    const reconcile = await autofolio(['reconcile', '--json', '--config', config], { env });
    expect(reconcile.code, reconcile.stderr + reconcile.stdout).toBe(0);
  });

  it('killed between its two orders, then run again: the sent order is not sent again, the other goes out once', async () => {
    const config = await start();
    const crashed = await run(config, { AUTOFOLIO_FAULT: 'send-order@2' });
    expect(crashed.signal).toBe('SIGKILL');
    expect(alpaca!.placed.map((o) => o.symbol)).toEqual(['SPY']);

    const again = await run(config);
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(alpaca!.placed.map((o) => o.symbol)).toEqual(['SPY', 'IWM']);
    const tags = alpaca!.book.orders.map((o) => o.clientOrderId);
    expect(new Set(tags).size).toBe(tags.length);
    expect(alpaca!.book.positions.get('SPY')?.qty).toBe(320);

    const { fills } = stored(dir!);
    expect(fills.map((f) => f.exec_id)).toEqual(alpaca!.book.activities.map((a) => a.id).sort());
    const reconcile = await autofolio(['reconcile', '--json', '--config', config], { env });
    expect(reconcile.code, reconcile.stderr + reconcile.stdout).toBe(0);
    const dry = JSON.parse((await autofolio(['run', '--dry-run', '--json', '--config', config], { env })).stdout) as RunJson;
    expect(dry.ordersPlanned).toBe(0);
  });
});
