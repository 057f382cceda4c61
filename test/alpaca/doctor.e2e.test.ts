import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { autofolio } from '../cli.js';
import { alpacaAccountDir } from './account-dir.js';
import { standInBook } from './harness.js';
import { StandInAlpaca } from './stand-in-alpaca.js';

interface Row {
  check: string;
  value: string;
  status: string;
  hint?: string;
}

describe('autofolio doctor on Alpaca', () => {
  let alpaca: StandInAlpaca | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await alpaca?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function doctor(script: (alpaca: StandInAlpaca) => void, env: (alpaca: StandInAlpaca) => Record<string, string>) {
    alpaca = new StandInAlpaca(standInBook());
    script(alpaca);
    let config: string;
    ({ dir, config } = alpacaAccountDir(await alpaca.start()));
    const result = await autofolio(['doctor', '--json', '--config', config], { env: { ALPACA_KEY_ID: '', ALPACA_SECRET_KEY: '', ...env(alpaca) } });
    return { code: result.code, rows: JSON.parse(result.stdout) as Row[], output: result.stdout + result.stderr };
  }

  const keysOf = (a: StandInAlpaca) => ({ ALPACA_KEY_ID: a.keyId, ALPACA_SECRET_KEY: a.secretKey });

  it('checks keys, account status, buying power, the blocked flags, the market clock and a quote per instrument, and shows no key', async () => {
    const { code, rows, output } = await doctor(() => undefined, keysOf);
    expect(code).toBe(0);
    const byCheck = new Map(rows.map((r) => [r.check, r]));
    expect(byCheck.get('API keys')).toMatchObject({ status: 'ok', value: 'ALPACA_KEY_ID, ALPACA_SECRET_KEY set' });
    expect(byCheck.get('account')).toMatchObject({ status: 'ok', value: 'PA1STANDIN00, status ACTIVE' });
    expect(byCheck.get('buying power')).toMatchObject({ status: 'ok', value: '100000.00 USD' });
    expect(byCheck.get('trading_blocked')).toMatchObject({ status: 'ok', value: 'false' });
    expect(byCheck.get('account_blocked')).toMatchObject({ status: 'ok', value: 'false' });
    expect(byCheck.get('market clock')?.value).toMatch(/^open; next open .*, next close /);
    expect(byCheck.get('clock skew')?.status).toBe('ok');
    expect(byCheck.get('SPY')?.value).toMatch(/^99\.95\/100\.05 at .* \(iex\)$/);
    expect(output).not.toContain(alpaca!.secretKey);
    expect(output).not.toContain(alpaca!.keyId);
  });

  it('fails, with a hint, on an account blocked from trading', async () => {
    const { code, rows } = await doctor((a) => (a.book.tradingBlocked = true), keysOf);
    expect(code).toBe(1);
    expect(rows.find((r) => r.check === 'trading_blocked')).toMatchObject({ status: 'fail', value: 'true' });
    expect(rows.find((r) => r.check === 'trading_blocked')?.hint).toMatch(/blocks orders/);
  });

  it('fails on missing keys, naming the variables, and asks Alpaca nothing', async () => {
    const { code, rows } = await doctor(() => undefined, (a) => ({ ALPACA_KEY_ID: a.keyId }));
    expect(code).toBe(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ check: 'API keys', status: 'fail' });
    expect(rows[0]!.hint).toContain('ALPACA_SECRET_KEY is not set');
    expect(alpaca!.requests).toHaveLength(0);
  });

  it('fails on keys Alpaca refuses, telling paper keys from live ones', async () => {
    const { code, rows, output } = await doctor(() => undefined, () => ({ ALPACA_KEY_ID: 'PKNOTTHEKEY000000', ALPACA_SECRET_KEY: 'not-the-secret-key-000' }));
    expect(code).toBe(1);
    expect(rows.find((r) => r.check === 'connection')).toMatchObject({ status: 'fail' });
    expect(rows.find((r) => r.check === 'connection')?.hint).toMatch(/401.*paper and live keys differ/);
    expect(output).not.toContain('not-the-secret-key-000');
  });
});
