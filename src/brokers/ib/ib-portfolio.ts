import { EventName, type Contract } from '@stoqey/ib';
import type { AccountSnapshot, Position } from '../../domain/account.js';
import { parseAccountSummary, type SummaryRow } from './ib-account.js';
import type { IbSession } from './ib-session.js';

/**
 * The whole account in one subscription (reqAccountUpdates): its values (NLV, cash per
 * currency) and every position with IB's own mark, so that valuing the account needs no quote
 * request per instrument. Subscribed for the first download only and unsubscribed at its end
 * (two messages), since the cycle reads the account at given moments, not as a stream.
 */
export async function readAccountUpdates(session: IbSession, account: string, symbolFor: (contract: Contract) => string): Promise<AccountSnapshot> {
  const { rows, positions } = await session.request<{ rows: SummaryRow[]; positions: Position[] }>({
    what: `account updates of ${account}`,
    send: (ib) => ib.reqAccountUpdates(true, account),
    listen: (ib, done) => {
      const rows: SummaryRow[] = [];
      const positions = new Map<string, Position>();
      const onValue = (key: string, value: string, currency: string, accountName: string) => rows.push({ account: accountName, tag: key, value, currency });
      const onPortfolio = (contract: Contract, position: number, marketPrice: number, _value: number, averageCost?: number, _unrealized?: number, _realized?: number, accountName?: string) => {
        // IB lists the cash converted on IDEALPRO as CASH positions (USD.CAD) too; the cash
        // balances already hold it, so counting it again as a position would value it twice.
        if ((accountName !== undefined && accountName !== account) || contract.secType === 'CASH') return;
        const quantity = Number(position ?? 0);
        if (quantity === 0) return;
        const symbol = symbolFor(contract);
        // IB's average cost includes the multiplier; its market price is per unit of price.
        const multiplier = Number(contract.multiplier) || 1;
        const mark = Number(marketPrice);
        positions.set(symbol, { symbol, quantity, avgCost: Number(averageCost ?? 0) / multiplier, ...(Number.isFinite(mark) && mark > 0 ? { marketPrice: mark } : {}) });
      };
      const onEnd = (accountName: string) => accountName === account && done({ rows, positions: [...positions.values()] });
      ib.on(EventName.updateAccountValue, onValue);
      ib.on(EventName.updatePortfolio, onPortfolio);
      ib.on(EventName.accountDownloadEnd, onEnd);
      return () => {
        ib.off(EventName.updateAccountValue, onValue);
        ib.off(EventName.updatePortfolio, onPortfolio);
        ib.off(EventName.accountDownloadEnd, onEnd);
      };
    },
  });
  // Left subscribed, TWS would keep streaming every change to this client until it disconnects.
  await session.send((ib) => ib.reqAccountUpdates(false, account));
  return { ...parseAccountSummary(account, rows), positions };
}
