import { EventName } from '@stoqey/ib';
import { BrokerError } from '../broker.js';
import type { AccountSnapshot } from '../../domain/account.js';
import type { IbSession } from './ib-session.js';

/** NLV in the base currency, and cash per currency from the $LEDGER:ALL rows. */
export const SUMMARY_TAGS = 'NetLiquidation,TotalCashValue,$LEDGER:ALL';

export interface SummaryRow {
  readonly account: string;
  readonly tag: string;
  readonly value: string;
  readonly currency: string;
}

/**
 * The account's NLV, base currency and cash per currency from account summary rows. IB
 * reports NetLiquidation in the base currency; $LEDGER:ALL adds a CashBalance row per
 * currency held plus one for "BASE" (the total converted), which is left out here.
 */
export function parseAccountSummary(account: string, rows: readonly SummaryRow[]): Omit<AccountSnapshot, 'positions'> {
  const mine = rows.filter((row) => row.account === account);
  const nlvRow = mine.find((row) => row.tag === 'NetLiquidation');
  if (!nlvRow) {
    const others = [...new Set(rows.map((row) => row.account))].join(', ') || 'none';
    throw new BrokerError(`IB sent no NetLiquidation for account ${account} (accounts in the answer: ${others}): check broker.account`, 'operational', 'no-account');
  }
  const netLiquidation = Number(nlvRow.value);
  if (!Number.isFinite(netLiquidation)) throw new BrokerError(`IB sent a NetLiquidation of "${nlvRow.value}" for ${account}`, 'temporary', 'bad-nlv');
  const cash: Record<string, number> = {};
  for (const row of mine) {
    if (row.tag !== 'CashBalance' || row.currency === 'BASE' || !/^[A-Z]{3}$/.test(row.currency)) continue;
    const value = Number(row.value);
    if (Number.isFinite(value)) cash[row.currency] = value;
  }
  if (Object.keys(cash).length === 0) {
    // Without the ledger rows, TotalCashValue in the base currency is the best IB offers.
    const total = mine.find((row) => row.tag === 'TotalCashValue');
    if (total && Number.isFinite(Number(total.value))) cash[nlvRow.currency] = Number(total.value);
  }
  return { accountId: account, baseCurrency: nlvRow.currency, netLiquidation, cash };
}

export async function readAccountSummary(session: IbSession, account: string): Promise<Omit<AccountSnapshot, 'positions'>> {
  const reqId = session.nextRequestId();
  const rows = await session.request<SummaryRow[]>({
    what: 'account summary',
    reqId,
    send: (ib) => ib.reqAccountSummary(reqId, 'All', SUMMARY_TAGS),
    listen: (ib, done) => {
      const collected: SummaryRow[] = [];
      const onRow = (id: number, acct: string, tag: string, value: string, currency: string) => id === reqId && collected.push({ account: acct, tag, value, currency });
      const onEnd = (id: number) => id === reqId && done(collected);
      ib.on(EventName.accountSummary, onRow);
      ib.on(EventName.accountSummaryEnd, onEnd);
      return () => {
        ib.off(EventName.accountSummary, onRow);
        ib.off(EventName.accountSummaryEnd, onEnd);
      };
    },
  });
  // A summary request stays subscribed until cancelled, and IB allows only two at a time.
  await session.send((ib) => ib.cancelAccountSummary(reqId));
  return parseAccountSummary(account, rows);
}
