import type { AlpacaBrokerConfig } from '../../config/schema.js';
import type { Clock } from '../../domain/clock.js';
import type { Instrument } from '../../domain/instrument.js';
import type { DoctorRow } from '../doctor-row.js';
import { AlpacaClient } from './alpaca-client.js';
import { alpacaUrls, readAlpacaKeys } from './alpaca-endpoints.js';
import { decimal, type AlpacaAccount, type AlpacaClock, type AlpacaQuote } from './alpaca-wire.js';

const MAX_SKEW_MS = 5_000;

/**
 * Checks what a run on Alpaca needs, sending no order: the keys are set, Alpaca accepts them, the
 * account is active, in USD and not blocked, its buying power, the market clock (and this
 * machine's against it), and a quote for each instrument on the configured feed. Every problem
 * comes with a hint; a key's value is never shown.
 */
export async function alpacaDoctor(input: { config: AlpacaBrokerConfig; accountId: string; instruments: readonly Instrument[]; clock: Clock; env?: Readonly<Record<string, string | undefined>> }): Promise<DoctorRow[]> {
  const { config } = input;
  const rows: DoctorRow[] = [];
  const env = input.env ?? process.env;
  const names = `${config.keyIdEnv}, ${config.secretKeyEnv}`;
  let keys;
  try {
    keys = readAlpacaKeys(config, env);
    rows.push({ check: 'API keys', value: `${names} set`, status: 'ok' });
  } catch (error) {
    rows.push({ check: 'API keys', value: `${names}`, status: 'fail', hint: message(error) });
    return rows;
  }
  const urls = alpacaUrls(config);
  const client = new AlpacaClient({ ...urls, keys, maxRequestsPerMinute: config.maxRequestsPerMinute, timeoutMs: config.requestTimeoutSeconds * 1000 });
  let account: AlpacaAccount;
  try {
    account = await client.get<AlpacaAccount>('trading', '/v2/account');
  } catch (error) {
    rows.push({ check: 'connection', value: `${urls.tradingUrl} (${config.paper ? 'paper' : 'live'})`, status: 'fail', hint: `${message(error)}: check the keys are the ${config.paper ? 'paper' : 'live'} account's (paper and live keys differ) and that broker.paper matches them` });
    return rows;
  }
  rows.push({ check: 'connection', value: `${urls.tradingUrl} (${config.paper ? 'paper' : 'live'})`, status: 'ok' });
  const active = account.status === 'ACTIVE';
  rows.push({ check: 'account', value: `${account.account_number}, status ${account.status}`, status: active ? 'ok' : 'fail', ...(active ? {} : { hint: 'the account is not ACTIVE yet or any more: finish its opening, or see its page at alpaca.markets' }) });
  if (account.account_number !== input.accountId) {
    rows.push({ check: 'account id', value: `config says ${input.accountId}`, status: 'warn', hint: `set account.id: ${account.account_number} in the config, so the journal names the account Alpaca knows` });
  }
  rows.push({ check: 'account currency', value: account.currency, status: account.currency === 'USD' ? 'ok' : 'fail', ...(account.currency === 'USD' ? {} : { hint: 'autofolio trades Alpaca accounts kept in USD only' }) });
  rows.push({ check: 'equity', value: `${decimal(account.equity, 'equity').toFixed(2)} ${account.currency}`, status: decimal(account.equity, 'equity') > 0 ? 'ok' : 'warn' });
  const buyingPower = decimal(account.buying_power, 'buying_power');
  rows.push({ check: 'buying power', value: `${buyingPower.toFixed(2)} ${account.currency}`, status: buyingPower > 0 ? 'ok' : 'warn', ...(buyingPower > 0 ? {} : { hint: 'no buying power: buys will be refused until cash is deposited or positions sold' }) });
  rows.push(blockedRow('trading_blocked', account.trading_blocked, 'Alpaca blocks orders on this account: see the account page or ask Alpaca support'));
  rows.push(blockedRow('account_blocked', account.account_blocked, 'Alpaca has blocked the account: see the account page or ask Alpaca support'));
  if (account.pattern_day_trader) rows.push({ check: 'pattern day trader', value: 'flagged', status: 'warn', hint: 'a flagged account under 25,000 USD of equity is refused day trades; autofolio trades once per run, but amendments and sells on the day of a buy count' });
  try {
    const clock = await client.get<AlpacaClock>('trading', '/v2/clock');
    const skew = Date.parse(clock.timestamp) - input.clock.now();
    const ok = Math.abs(skew) <= MAX_SKEW_MS;
    rows.push({ check: 'market clock', value: `${clock.is_open ? 'open' : 'closed'}; next open ${clock.next_open}, next close ${clock.next_close}`, status: 'ok' });
    rows.push({ check: 'clock skew', value: `${(skew / 1000).toFixed(1)} s against Alpaca`, status: ok ? 'ok' : 'warn', ...(ok ? {} : { hint: "set this machine's clock by NTP: quote ages and the schedule depend on it" }) });
  } catch (error) {
    rows.push({ check: 'market clock', value: 'failed', status: 'fail', hint: message(error) });
  }
  try {
    const symbols = input.instruments.map((i) => i.symbol).join(',');
    const { quotes } = await client.get<{ quotes: Record<string, AlpacaQuote | undefined> }>('data', '/v2/stocks/quotes/latest', { query: { symbols, feed: config.feed } });
    for (const instrument of input.instruments) {
      const quote = quotes[instrument.symbol];
      const twoSided = quote !== undefined && quote.bp > 0 && quote.ap > 0;
      rows.push({
        check: instrument.symbol,
        value: quote ? `${quote.bp}/${quote.ap} at ${quote.t} (${config.feed})` : `no quote (${config.feed})`,
        status: twoSided ? 'ok' : 'warn',
        ...(twoSided ? {} : { hint: quote ? 'one-sided quote: normal outside trading hours' : `Alpaca has no quote for ${instrument.symbol}: check the symbol` }),
      });
    }
  } catch (error) {
    rows.push({ check: 'market data', value: `${urls.dataUrl} (${config.feed})`, status: 'fail', hint: `${message(error)}${config.feed === 'sip' ? ': the sip feed needs a paid data subscription; try broker.feed: iex' : ''}` });
  }
  rows.push({ check: 'requests sent', value: `${client.requests}${client.rateLimited > 0 ? `, ${client.rateLimited} rate-limited and retried` : ''}`, status: 'ok' });
  return rows;
}

function blockedRow(flag: string, blocked: boolean, hint: string): DoctorRow {
  return { check: flag, value: String(blocked), status: blocked ? 'fail' : 'ok', ...(blocked ? { hint } : {}) };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
