import type { FxHedgeConfig, IbBrokerConfig } from '../../config/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { Instrument } from '../../domain/instrument.js';
import { BrokerError } from '../broker.js';
import type { DoctorRow } from '../doctor-row.js';
import { IbBroker } from './ib-broker.js';
import { contractMismatches } from './ib-contracts.js';
import { InMemoryOrderIdStore } from './order-ids.js';

export type { CheckStatus, DoctorRow } from '../doctor-row.js';

const MAX_SKEW_MS = 5_000;

/**
 * Connects to IB Gateway and checks what a live run needs: the connection and server version,
 * the account and its currency, NLV, each instrument's contract and market data permission,
 * and the clock. Sends no order. Every problem comes with a hint.
 */
export async function ibDoctor(input: { config: IbBrokerConfig; baseCurrency: string; instruments: readonly Instrument[]; clock: Clock; fxHedge?: FxHedgeConfig }): Promise<DoctorRow[]> {
  const { config } = input;
  const rows: DoctorRow[] = [];
  const broker = new IbBroker({ config, instruments: input.instruments, clock: input.clock, orderIds: new InMemoryOrderIdStore(), connectPolicy: { attempts: 1 } });
  try {
    await broker.connect();
  } catch (error) {
    rows.push({ check: 'connection', value: `${config.host}:${config.port} clientId ${config.clientId}`, status: 'fail', hint: message(error) });
    if (!config.gatewayRestart) rows.push(restartHint());
    if (!config.weeklyLogin) rows.push(weeklyLoginHint());
    return rows;
  }
  try {
    const session = broker.session;
    rows.push({ check: 'connection', value: `${config.host}:${config.port} clientId ${config.clientId}, server version ${session.serverVersion} (${session.connectionTime})`, status: 'ok' });
    rows.push({ check: 'managed accounts', value: session.managedAccounts.join(', '), status: 'ok' });
    await check(rows, 'account', async () => {
      const account = await broker.account();
      const sameCurrency = account.baseCurrency === input.baseCurrency;
      rows.push({ check: 'account currency', value: account.baseCurrency, status: sameCurrency ? 'ok' : 'fail', ...(sameCurrency ? {} : { hint: `set account.baseCurrency: ${account.baseCurrency} in the config` }) });
      rows.push({ check: 'net liquidation', value: `${account.netLiquidation.toFixed(2)} ${account.baseCurrency}`, status: account.netLiquidation > 0 ? 'ok' : 'warn' });
      rows.push({ check: 'cash', value: Object.entries(account.cash).map(([c, v]) => `${v.toFixed(2)} ${c}`).join(', ') || 'none', status: 'ok' });
    });
    for (const instrument of input.instruments) {
      await check(rows, instrument.symbol, async () => {
        const qualified = await broker.qualify(instrument);
        const mismatches = contractMismatches(instrument, qualified);
        const quote = await broker.quote(instrument);
        const data = quote.delayed ? 'delayed data' : 'live data';
        rows.push({
          check: instrument.symbol,
          value: `conId ${qualified.conId}, minTick ${qualified.minTick}, ${data}, ${quote.quote.bid}/${quote.quote.ask}`,
          status: mismatches.length > 0 ? 'fail' : quote.delayed ? 'warn' : 'ok',
          ...(mismatches.length > 0 ? { hint: mismatches.join('; ') } : quote.delayed ? { hint: 'no live market data subscription: quotes lag 15–20 minutes; subscribe in Account Management for live quotes' } : {}),
        });
      });
    }
    await check(rows, 'clock', async () => {
      const skew = (await broker.serverTime()) - input.clock.now();
      const ok = Math.abs(skew) <= MAX_SKEW_MS;
      rows.push({ check: 'clock skew', value: `${(skew / 1000).toFixed(1)} s against IB`, status: ok ? 'ok' : 'warn', ...(ok ? {} : { hint: 'set this machine\'s clock by NTP: quote ages and the restart window depend on it' }) });
    });
    const broken = session.notices.filter((n) => [1100, 2103, 2105, 2110, 2157].includes(n.code));
    for (const notice of broken) rows.push({ check: `IB ${notice.code}`, value: notice.text, status: 'warn', hint: 'a data farm or IB\'s servers are unreachable from the gateway; it usually recovers by itself' });
    if (!config.gatewayRestart) rows.push(restartHint());
    if (!config.weeklyLogin) rows.push(weeklyLoginHint());
    if (input.fxHedge && input.instruments.some((i) => i.secType === 'CASH')) rows.push(fxMinimumRow(input.fxHedge, input.baseCurrency));
    rows.push({ check: 'messages sent', value: String(broker.messagesSent), status: 'ok' });
  } finally {
    await broker.disconnect();
  }
  return rows;
}

async function check(rows: DoctorRow[], name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    rows.push({ check: name, value: 'failed', status: 'fail', hint: message(error) });
  }
}

function message(error: unknown): string {
  return error instanceof BrokerError || error instanceof Error ? error.message : String(error);
}

/** What the FX hedge does with a trade below IDEALPRO's minimum (fxHedge.belowMinimum): sent as an odd lot, or left out. */
export function fxMinimumRow(fxHedge: FxHedgeConfig, baseCurrency: string): DoctorRow {
  const minimum = `${fxHedge.minimumValue.toLocaleString('en-US')} ${baseCurrency}`;
  return fxHedge.belowMinimum === 'odd-lot'
    ? { check: 'FX below IDEALPRO minimum', value: `odd-lot: FX trades under ${minimum} are sent as odd lots (IB fills them at wider prices)`, status: 'ok' }
    : { check: 'FX below IDEALPRO minimum', value: `skip: FX trades under ${minimum} are not sent (each run says so)`, status: 'ok' };
}

function restartHint(): DoctorRow {
  return { check: 'gateway restart', value: 'not configured', status: 'warn', hint: 'set broker.gatewayRestart.at to IB Gateway\'s auto-restart time, so runs in that window wait instead of failing' };
}

function weeklyLoginHint(): DoctorRow {
  return { check: 'weekly login', value: 'not configured', status: 'warn', hint: "set broker.weeklyLogin to the time IBC restarts IB Gateway for its weekly login (ColdRestartTime): you are reminded by e-mail before it, and runs in it wait for your two-factor confirmation instead of failing (README: \"Keeping IB Gateway logged in\")" };
}
