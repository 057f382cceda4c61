import { EventName, OptionType, OrderAction, SecType, type Contract, type ContractDetails } from '@stoqey/ib';
import { BrokerError } from '../broker.js';
import type { Instrument } from '../../domain/instrument.js';
import { isOption, type ComboInstrument } from '../../domain/option.js';
import type { IbSession } from './ib-session.js';
import type { CachedContract, ContractCacheStore } from './contract-cache.js';

// Listing exchanges IB expects as primaryExch where SMART routing alone is ambiguous.
const PRIMARY_EXCHANGE: Readonly<Record<string, string>> = { XTSE: 'TSE', XLON: 'LSE' };

/** The IB contract of an autofolio instrument, before qualification (no conId yet). */
export function ibContract(instrument: Instrument): Contract {
  if (instrument.secType === 'CASH') {
    // IB names an FX pair by its base currency, quoted in the other: USD.CAD = symbol USD, currency CAD.
    return { symbol: instrument.symbol.slice(0, 3), secType: SecType.CASH, exchange: 'IDEALPRO', currency: instrument.symbol.slice(3, 6) };
  }
  if (isOption(instrument)) {
    // An option is named by its underlying, expiry, right and strike; qualification finds its conId.
    return {
      symbol: instrument.underlying,
      secType: SecType.OPT,
      exchange: 'SMART',
      currency: instrument.currency,
      lastTradeDateOrContractMonth: instrument.expiry.replaceAll('-', ''),
      strike: instrument.strike,
      right: instrument.right === 'C' ? OptionType.Call : OptionType.Put,
      multiplier: instrument.multiplier,
    };
  }
  const primaryExch = PRIMARY_EXCHANGE[instrument.exchange];
  return { symbol: instrument.symbol, secType: instrument.secType as SecType, exchange: 'SMART', currency: instrument.currency, ...(primaryExch ? { primaryExch } : {}) };
}

/**
 * IB's BAG contract of a combination: named by the underlying, routed SMART, each leg by the
 * conId of its option with its ratio and its side when the combo is bought. No per-leg prices
 * are sent: the order carries one net limit for the whole combination.
 */
export function ibComboContract(combo: ComboInstrument, legConIds: readonly number[]): Contract {
  return {
    symbol: combo.underlying,
    secType: SecType.BAG,
    exchange: 'SMART',
    currency: combo.currency,
    // The other leg fields as IB's own clients default them (open/close same as the parent, no
    // short sale slot, exempt code -1), rather than empty fields TWS would read as zeros.
    comboLegs: combo.legs.map((leg, i) => ({
      conId: legConIds[i]!,
      ratio: leg.ratio,
      action: leg.action === 'BUY' ? OrderAction.BUY : OrderAction.SELL,
      exchange: 'SMART',
      openClose: 0,
      shortSaleSlot: 0,
      designatedLocation: '',
      exemptCode: -1,
    })),
  };
}

/** What qualification learns about an instrument. */
export interface QualifiedContract {
  readonly contract: Contract;
  readonly conId: number;
  readonly minTick: number;
  readonly longName: string;
  /** Smallest order size IB accepts, when it says (server version ≥ 164). */
  readonly minSize?: number;
  readonly sizeIncrement?: number;
}

/** How the contract book keeps what it learned beyond the session. */
export interface ContractBookOptions {
  /** Without one, every session asks IB again (doctor, tests). */
  readonly store?: ContractCacheStore;
  /** How long an entry is trusted before IB is asked again (broker.contractCacheDays). */
  readonly maxAgeMs: number;
  readonly now: () => number;
}

/**
 * Contract qualification through reqContractDetails: conId (so orders and quotes name exactly
 * one contract) and minTick (so limit prices can be checked against the tick in the config).
 * Kept for the session, and with a store across runs: a contract's id does not change, so a
 * run of 500 instruments need not spend 500 messages asking again. An entry is asked again
 * when it is older than maxAgeMs, when the instrument in the config changed, or after IB
 * refused it ({@link ContractBook.forget}).
 */
export class ContractBook {
  readonly #session: IbSession;
  readonly #options: ContractBookOptions;
  readonly #cache = new Map<string, Promise<QualifiedContract>>();
  #stored: Promise<Map<string, CachedContract>> | undefined;
  readonly #fromStoreSymbols = new Set<string>();

  constructor(session: IbSession, options: ContractBookOptions = { maxAgeMs: 0, now: Date.now }) {
    this.#session = session;
    this.#options = options;
  }

  qualify(instrument: Instrument): Promise<QualifiedContract> {
    const cached = this.#cache.get(instrument.symbol);
    if (cached) return cached;
    const made = this.#fromStoreOrIb(instrument);
    // A failure is not cached: the next call asks again.
    made.catch(() => this.#cache.delete(instrument.symbol));
    this.#cache.set(instrument.symbol, made);
    return made;
  }

  /** Whether the instrument's contract came from the store rather than from IB in this session. */
  cameFromStore(instrument: Instrument): boolean {
    return this.#fromStoreSymbols.has(instrument.symbol);
  }

  /** IB refused the contract (error 200 on a cached conId): the next qualification asks IB again. */
  async forget(instrument: Instrument): Promise<void> {
    this.#cache.delete(instrument.symbol);
    this.#fromStoreSymbols.delete(instrument.symbol);
    (await this.#loadStored()).delete(instrument.symbol);
    await this.#options.store?.forget(instrument.symbol);
  }

  async #fromStoreOrIb(instrument: Instrument): Promise<QualifiedContract> {
    const wanted = ibContract(instrument);
    const key = contractKey(wanted);
    const stored = (await this.#loadStored()).get(instrument.symbol);
    if (stored && stored.key === key && this.#options.now() - stored.fetchedAt < this.#options.maxAgeMs) {
      this.#fromStoreSymbols.add(instrument.symbol);
      return {
        contract: { ...wanted, conId: stored.conId },
        conId: stored.conId,
        minTick: stored.minTick,
        longName: stored.longName,
        ...(stored.minSize !== undefined ? { minSize: stored.minSize } : {}),
        ...(stored.sizeIncrement !== undefined ? { sizeIncrement: stored.sizeIncrement } : {}),
      };
    }
    const fetched = await this.#fetch(instrument);
    const store = this.#options.store;
    if (store) {
      const entry: CachedContract = {
        symbol: instrument.symbol,
        key,
        conId: fetched.conId,
        minTick: fetched.minTick,
        longName: fetched.longName,
        ...(fetched.minSize !== undefined ? { minSize: fetched.minSize } : {}),
        ...(fetched.sizeIncrement !== undefined ? { sizeIncrement: fetched.sizeIncrement } : {}),
        fetchedAt: this.#options.now(),
      };
      await store.save(entry);
    }
    return fetched;
  }

  #loadStored(): Promise<Map<string, CachedContract>> {
    const store = this.#options.store;
    this.#stored ??= store ? store.load().then((entries) => new Map(entries.map((e) => [e.symbol, e]))) : Promise.resolve(new Map());
    return this.#stored;
  }

  async #fetch(instrument: Instrument): Promise<QualifiedContract> {
    const wanted = ibContract(instrument);
    const reqId = this.#session.nextRequestId();
    const details = await this.#session.request<ContractDetails[]>({
      what: `contract details of ${instrument.symbol}`,
      reqId,
      send: (ib) => ib.reqContractDetails(reqId, wanted),
      listen: (ib, done) => {
        const rows: ContractDetails[] = [];
        const onRow = (id: number, row: ContractDetails) => id === reqId && rows.push(row);
        const onEnd = (id: number) => id === reqId && done(rows);
        ib.on(EventName.contractDetails, onRow);
        ib.on(EventName.contractDetailsEnd, onEnd);
        return () => {
          ib.off(EventName.contractDetails, onRow);
          ib.off(EventName.contractDetailsEnd, onEnd);
        };
      },
    });
    const matches = wanted.primaryExch ? details.filter((d) => d.contract.primaryExch === wanted.primaryExch) : details;
    if (matches.length === 0) {
      throw new BrokerError(`IB knows no ${instrument.secType} ${instrument.symbol} in ${instrument.currency}: check symbol, currency and exchange in the config`, 'operational', 200);
    }
    if (matches.length > 1) {
      const where = matches.map((d) => `${d.contract.primaryExch ?? '?'} conId ${d.contract.conId ?? '?'}`).join(', ');
      throw new BrokerError(`${instrument.symbol} is ambiguous at IB (${where}): set the instrument's exchange to its listing market`, 'operational', 'ambiguous');
    }
    const found = matches[0]!;
    const conId = found.contract.conId;
    if (!conId) throw new BrokerError(`IB returned no conId for ${instrument.symbol}`, 'operational', 'no-conid');
    return {
      contract: { ...wanted, conId },
      conId,
      minTick: found.minTick ?? instrument.tickSize,
      longName: found.longName ?? '',
      ...(found.minSize !== undefined ? { minSize: found.minSize } : {}),
      ...(found.sizeIncrement !== undefined ? { sizeIncrement: found.sizeIncrement } : {}),
    };
  }
}

/** The contract asked for, as text: the fields that pick the contract at IB, in a fixed order. */
export function contractKey(contract: Contract): string {
  return JSON.stringify([contract.symbol, contract.secType, contract.exchange, contract.currency, contract.primaryExch ?? '']);
}

/** Problems with the config's tick and lot against IB's contract, for `doctor`. */
export function contractMismatches(instrument: Instrument, qualified: QualifiedContract): string[] {
  const problems: string[] = [];
  const ratio = instrument.tickSize / qualified.minTick;
  if (Math.abs(ratio - Math.round(ratio)) > 1e-6 || Math.round(ratio) < 1) {
    problems.push(`${instrument.symbol}: tickSize ${instrument.tickSize} is not a multiple of IB's minTick ${qualified.minTick}: set tickSize to ${qualified.minTick} or a multiple of it`);
  }
  if (qualified.sizeIncrement !== undefined && qualified.sizeIncrement > 0) {
    const lots = instrument.lotSize / qualified.sizeIncrement;
    if (Math.abs(lots - Math.round(lots)) > 1e-6) problems.push(`${instrument.symbol}: lotSize ${instrument.lotSize} is not a multiple of IB's size increment ${qualified.sizeIncrement}`);
  }
  return problems;
}
