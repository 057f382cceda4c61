import { EventName, type CommissionReport, type Contract, type Execution } from '@stoqey/ib';
import type { Fill } from '../../domain/order.js';
import { sideOf } from './ib-orders.js';
import type { IbSession } from './ib-session.js';
import { ibFilterTime, parseIbTime } from './ib-time.js';
import { byCodeUnits } from '../../domain/code-unit-order.js';

interface Commission {
  readonly commission: number;
  readonly currency: string;
}

/**
 * Executions and their commission reports as Fills. IB sends a commission report for each
 * execution separately (after it, keyed by execId), both for live fills and in answer to
 * reqExecutions, so reports are collected for the whole session and each execution waits a
 * moment for its own.
 */
export class IbExecutions {
  readonly #session: IbSession;
  readonly #account: string;
  readonly #gatewayZone: string;
  readonly #symbolFor: (contract: Contract) => string;
  readonly #commissions = new Map<string, Commission>();
  readonly #waiters = new Set<() => void>();

  constructor(session: IbSession, options: { account: string; gatewayZone: string; symbolFor: (contract: Contract) => string }) {
    this.#session = session;
    this.#account = options.account;
    this.#gatewayZone = options.gatewayZone;
    this.#symbolFor = options.symbolFor;
    session.api.on(EventName.commissionReport, (report: CommissionReport) => {
      if (!report.execId) return;
      // IB sends a huge number (Double.MAX_VALUE) while the commission is not known yet.
      const commission = Number(report.commission);
      if (!Number.isFinite(commission) || Math.abs(commission) > 1e12) return;
      this.#commissions.set(report.execId, { commission, currency: report.currency ?? '' });
      for (const wake of [...this.#waiters]) wake();
    });
  }

  /** The account's executions at or after `since` (IB keeps the current day, up to 7 with a TWS setting). */
  async since(since: number, commissionWaitMs = 2_000): Promise<Fill[]> {
    const reqId = this.#session.nextRequestId();
    const rows = await this.#session.request<{ contract: Contract; execution: Execution }[]>({
      what: 'executions',
      reqId,
      send: (ib) => ib.reqExecutions(reqId, { acctCode: this.#account, time: ibFilterTime(since) }),
      listen: (ib, done) => {
        const collected: { contract: Contract; execution: Execution }[] = [];
        const onRow = (id: number, contract: Contract, execution: Execution) => id === reqId && collected.push({ contract, execution });
        const onEnd = (id: number) => id === reqId && done(collected);
        ib.on(EventName.execDetails, onRow);
        ib.on(EventName.execDetailsEnd, onEnd);
        return () => {
          ib.off(EventName.execDetails, onRow);
          ib.off(EventName.execDetailsEnd, onEnd);
        };
      },
    });
    // A combination is reported once per leg and once for the whole BAG: the legs are the trades.
    const mine = rows.filter((row) => (!row.execution.acctNumber || row.execution.acctNumber === this.#account) && row.contract.secType !== 'BAG');
    await this.#awaitCommissions(mine.map((row) => row.execution.execId ?? ''), commissionWaitMs);
    const fills = mine.map((row) => this.#fill(row.contract, row.execution)).filter((fill) => fill.time >= since);
    // Executions are reported in no promised order; callers and the contract want time order.
    return fills.sort((a, b) => a.time - b.time || byCodeUnits(a.execId, b.execId));
  }

  async #awaitCommissions(execIds: readonly string[], waitMs: number): Promise<void> {
    const missing = () => execIds.some((id) => !this.#commissions.has(id));
    if (!missing()) return;
    await new Promise<void>((resolve) => {
      const waiters = this.#waiters;
      const timer = setTimeout(finish, waitMs);
      function finish() {
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      }
      function check() {
        if (!missing()) finish();
      }
      waiters.add(check);
    });
  }

  #fill(contract: Contract, execution: Execution): Fill {
    const execId = execution.execId ?? '';
    const commission = this.#commissions.get(execId);
    const time = parseIbTime(execution.time ?? '', this.#gatewayZone);
    return {
      execId,
      brokerOrderId: String(execution.orderId ?? ''),
      tag: execution.orderRef ?? '',
      symbol: this.#symbolFor(contract),
      side: sideOf(execution.side),
      quantity: Number(execution.shares ?? 0),
      price: Number(execution.price ?? 0),
      // A commission IB has not reported within the wait is recorded as 0 rather than hold up the run.
      commission: commission?.commission ?? 0,
      currency: contract.currency || commission?.currency || '',
      // An execution whose time cannot be read is still recorded, stamped when it was read.
      time: time ?? Date.now(),
    };
  }
}
