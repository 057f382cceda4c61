import { EventName, OptionType, OrderAction, SecType, type Contract, type ContractDetails } from '@stoqey/ib';
import { BrokerError } from '../broker.js';
import type { Instrument } from '../../domain/instrument.js';
import { isOption, type ComboInstrument } from '../../domain/option.js';
import type { IbSession } from './ib-session.js';

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

/**
 * Contract qualification through reqContractDetails, cached for the session: conId (so orders
 * and quotes name exactly one contract) and minTick (so limit prices can be checked against
 * the tick in the config).
 */
export class ContractBook {
  readonly #session: IbSession;
  readonly #cache = new Map<string, Promise<QualifiedContract>>();

  constructor(session: IbSession) {
    this.#session = session;
  }

  qualify(instrument: Instrument): Promise<QualifiedContract> {
    const cached = this.#cache.get(instrument.symbol);
    if (cached) return cached;
    const made = this.#fetch(instrument);
    // A failure is not cached: the next call asks again.
    made.catch(() => this.#cache.delete(instrument.symbol));
    this.#cache.set(instrument.symbol, made);
    return made;
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
