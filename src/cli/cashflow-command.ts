import type { Command } from 'commander';
import { openAccount, type OpenAccount } from '../app/open-account.js';
import { checkPaperState } from '../brokers/paper/paper-state.js';
import { loadConfig } from '../config/load.js';
import { newRunId } from '../cycle/run-id.js';
import { toMinor } from '../domain/money.js';
import { CASH_FLOW_KINDS, type LedgerEntry } from '../ledger/ledger-entry.js';
import { SqliteDocuments } from '../store/sqlite-documents.js';

interface CashflowOptions {
  amount: string;
  currency: string;
  date?: string;
  kind?: string;
  symbol?: string;
  to?: string;
  toAmount?: string;
  rate?: string;
  note?: string;
}

function positiveNumber(text: string | undefined, option: string): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value)) throw new Error(`${option} "${text ?? ''}" is not a number`);
  return value;
}

/** When the flow happened: the end of --date (UTC), but never later than now; now without --date. */
function entryTime(date: string | undefined, now: number): number {
  if (date === undefined) return now;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new Error(`--date "${date}" is not a date (YYYY-MM-DD)`);
  return Math.min(Date.parse(`${date}T23:59:59.999Z`), now);
}

async function rateToBase(account: OpenAccount, currency: string, time: number, given: string | undefined): Promise<number> {
  if (currency === account.deps.config.account.baseCurrency) return 1;
  if (given !== undefined) return positiveNumber(given, '--rate');
  const rates = await account.deps.journal.rates();
  const known = [...rates].reverse().find((r) => r.time <= time && r.rates[currency] !== undefined) ?? rates.find((r) => r.rates[currency] !== undefined);
  if (!known) throw new Error(`no FX rate for ${currency} recorded yet: pass --rate (value of one ${currency} in ${account.deps.config.account.baseCurrency})`);
  return known.rates[currency]!;
}

/** What the entry does to the paper account's cash, per currency, in minor units. */
function paperCashEffect(entry: LedgerEntry): [string, number][] {
  switch (entry.kind) {
    case 'deposit':
    case 'dividend':
    case 'interest':
      return [[entry.currency, entry.amountMinor]];
    case 'withdrawal':
    case 'fee':
      return [[entry.currency, -entry.amountMinor]];
    case 'fx':
      return [
        [entry.currency, -entry.amountMinor],
        [entry.counterCurrency!, entry.counterMinor!],
      ];
    default:
      return [];
  }
}

/**
 * `autofolio cashflow add`: records a deposit, withdrawal, dividend, interest, fee or FX
 * conversion in the ledger. On the paper broker the same movement is made in the paper
 * account (it stands in for the bank transfer), so that the two still reconcile; a real
 * broker's cash already holds it.
 */
export function registerCashflowCommand(program: Command): void {
  const cashflow = program.command('cashflow').description('Cash that enters or leaves the account from outside, and income, fees and FX conversions');
  cashflow
    .command('add')
    .description('Record a cash flow in the ledger (a negative amount is a withdrawal)')
    .requiredOption('--amount <amount>', 'amount in --currency; negative for a withdrawal')
    .requiredOption('--currency <code>', 'ISO 4217 code, e.g. USD')
    .option('--date <YYYY-MM-DD>', 'when the money moved (default: now)')
    .option('--kind <kind>', `${CASH_FLOW_KINDS.join(' | ')} | fx (default: deposit, or withdrawal for a negative amount)`)
    .option('--symbol <symbol>', 'the instrument that paid a dividend')
    .option('--to <code>', 'fx: the currency bought')
    .option('--to-amount <amount>', 'fx: the amount of --to received')
    .option('--rate <rate>', 'value of one unit of --currency in the base currency (default: the last rate a run recorded)')
    .option('--note <text>', 'a note kept with the entry')
    .action(async (options: CashflowOptions, command: Command) => {
      const config = loadConfig(command.optsWithGlobals<{ config: string }>().config);
      const currency = options.currency.toUpperCase();
      if (!/^[A-Z]{3}$/.test(currency)) throw new Error(`--currency "${options.currency}" is not a three-letter ISO 4217 code`);
      const signed = positiveNumber(options.amount, '--amount');
      const kind = options.kind ?? (signed < 0 ? 'withdrawal' : 'deposit');
      if (![...CASH_FLOW_KINDS, 'fx'].includes(kind)) throw new Error(`--kind "${kind}" is not one of ${[...CASH_FLOW_KINDS, 'fx'].join(', ')}`);
      if (signed === 0 || (signed < 0 && kind !== 'withdrawal')) throw new Error('--amount must be positive (a negative amount is a withdrawal)');
      const account = await openAccount(config);
      const lock = account.store.runLock();
      await lock.acquire(newRunId(Date.now()), 'cashflow');
      try {
        const now = account.deps.clock.now();
        const time = entryTime(options.date, now);
        const amountMinor = toMinor(Math.abs(signed), currency);
        let entry: LedgerEntry = { kind: kind as LedgerEntry['kind'], time, currency, amountMinor, rateToBase: await rateToBase(account, currency, time, options.rate), ...(options.symbol ? { symbol: options.symbol } : {}), ...(options.note ? { note: options.note } : {}) };
        if (kind === 'fx') {
          const to = options.to?.toUpperCase();
          if (!to || !/^[A-Z]{3}$/.test(to) || to === currency) throw new Error('--kind fx needs --to, a different currency, and --to-amount');
          entry = { ...entry, counterCurrency: to, counterMinor: toMinor(positiveNumber(options.toAmount, '--to-amount'), to) };
        }
        // Load the paper account before booking, so that a missing one leaves the ledger untouched.
        const paper = config.broker.kind === 'paper' ? await paperAccount(account) : undefined;
        await account.deps.ledger!.record([entry]);
        if (paper) await paper.apply(entry);
        const where = config.broker.kind === 'paper' ? 'ledger and paper account' : 'ledger';
        console.log(`recorded ${kind} of ${Math.abs(signed)} ${currency}${entry.counterCurrency ? ` into ${fromText(options.toAmount)} ${entry.counterCurrency}` : ''} at ${new Date(time).toISOString()} in the ${where}`);
      } finally {
        await lock.release();
        await account.close();
      }
    });
}

function fromText(text: string | undefined): string {
  return text ?? '';
}

async function paperAccount(account: OpenAccount): Promise<{ apply(entry: LedgerEntry): Promise<void> }> {
  const documents = new SqliteDocuments(account.db, account.deps.config.account.id);
  const stored = await documents.load('paper-account');
  if (stored === undefined) throw new Error('the paper account does not exist yet: run `autofolio run` once first');
  const state = checkPaperState(stored);
  return {
    apply: async (entry) => {
      for (const [currency, minor] of paperCashEffect(entry)) state.cash[currency] = (state.cash[currency] ?? 0) + minor;
      await documents.save('paper-account', state);
    },
  };
}
