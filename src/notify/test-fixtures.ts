// Sample inputs shared by the notify tests; a realistic account so the messages read like real ones.
import type { JournalEntry } from '../cycle/journal-entry.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { AlertInput } from './alert-message.js';

const RUN = 'r-20251114T153500Z';
const T0 = Date.UTC(2025, 10, 14, 15, 35, 0);

export function sampleSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    runId: RUN,
    time: T0 + 60_000,
    accountId: 'DU1234567',
    baseCurrency: 'USD',
    nlv: 1_234_567.891,
    cash: { USD: 12_345.678, EUR: -1_000 },
    positions: [
      { symbol: 'VTI', quantity: 2_500, avgCost: 250.125, price: 301.42, currency: 'USD', marketValue: 753_550, weight: 0.6104 },
      { symbol: 'IEF', quantity: 4_800, avgCost: 95.5, price: 96.01, currency: 'USD', marketValue: 460_848, weight: 0.3733 },
      { symbol: 'SAP', quantity: 50, avgCost: 180, price: 210.5, currency: 'EUR', marketValue: 12_190.1, weight: 0.0099 },
    ],
    grossLeverage: 0.99361,
    netLeverage: 0.99361,
    pnlDay: 4_930.5,
    pnlSinceStart: 234_567.891,
    trades: [
      {
        execId: 'e-2',
        brokerOrderId: 'b-2',
        tag: `${RUN}:IEF`,
        symbol: 'IEF',
        side: 'SELL',
        quantity: 200,
        price: 96.02,
        commission: 1.0,
        currency: 'USD',
        time: T0 + 20_000,
      },
      {
        execId: 'e-1',
        brokerOrderId: 'b-1',
        tag: `${RUN}:VTI`,
        symbol: 'VTI',
        side: 'BUY',
        quantity: 120,
        price: 301.4,
        commission: 0.6,
        currency: 'USD',
        time: T0 + 10_000,
      },
    ],
    ...overrides,
  };
}

export function sampleJournal(): JournalEntry[] {
  return [
    { runId: RUN, step: 'connect', startedAt: T0, durationMs: 412, outcome: 'ok' },
    { runId: RUN, step: 'plan', startedAt: T0 + 412, durationMs: 35, outcome: 'ok' },
    { runId: RUN, step: 'send', startedAt: T0 + 447, durationMs: 2_315, outcome: 'error', error: 'broker rejected order for IEF:\nmargin' },
    { runId: RUN, step: 'fills', startedAt: T0 + 2_762, durationMs: 0, outcome: 'skipped' },
  ];
}

export function sampleAlert(overrides: Partial<AlertInput> = {}): AlertInput {
  return {
    accountId: 'DU1234567',
    step: 'send',
    reason: 'broker rejected order for IEF: insufficient margin',
    runId: RUN,
    time: T0 + 2_762,
    journal: sampleJournal(),
    ordersSent: [{ tag: `${RUN}:VTI`, symbol: 'VTI', side: 'BUY', quantity: 120, limitPrice: 301.5 }],
    ordersNotSent: [{ tag: `${RUN}:IEF`, symbol: 'IEF', side: 'SELL', quantity: 200, limitPrice: 95.99 }],
    hint: 'Check the margin requirement in the broker account, then run `autofolio run` again; orders already sent are not repeated.',
    ...overrides,
  };
}
