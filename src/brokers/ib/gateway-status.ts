/**
 * What the account remembers of its IB Gateway between runs: when a session last worked, since
 * when the gateway has been unreachable, and whether the next session must first show that
 * trading works (after an outage or a restart).
 */
export interface GatewayStatus {
  readonly lastOkAt?: number;
  readonly unreachableSince?: number;
  readonly checkTrading?: boolean;
}

export interface GatewayStatusStore {
  load(): Promise<GatewayStatus | undefined>;
  save(status: GatewayStatus): Promise<void>;
}

export class InMemoryGatewayStatusStore implements GatewayStatusStore {
  #status: GatewayStatus | undefined;

  constructor(initial?: GatewayStatus) {
    this.#status = initial;
  }

  async load(): Promise<GatewayStatus | undefined> {
    return this.#status;
  }

  async save(status: GatewayStatus): Promise<void> {
    this.#status = status;
  }
}

/** A stored status, checked field by field: a document written by another version is read as unknown. */
export function checkGatewayStatus(value: unknown): GatewayStatus | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const time = (key: string) => (typeof record[key] === 'number' && Number.isFinite(record[key]) ? { [key]: record[key] as number } : {});
  return { ...time('lastOkAt'), ...time('unreachableSince'), ...(record.checkTrading === true ? { checkTrading: true } : {}) };
}
