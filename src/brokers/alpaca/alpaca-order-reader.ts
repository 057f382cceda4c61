import { BrokerError } from '../broker.js';
import type { AlpacaClient } from './alpaca-client.js';
import type { AlpacaOrder } from './alpaca-wire.js';
import { chainIndexOf, tagOf } from './order-chain.js';

const ORDER_PAGE = 500;
const MAX_CHAIN = 200;
const FINISHED = new Set(['filled', 'canceled', 'expired', 'rejected', 'replaced', 'done_for_day']);

interface CachedOrder {
  readonly order: AlpacaOrder;
  /** The read generation it was fetched in: see freshReads(). */
  readonly generation: number;
}

/**
 * Reads Alpaca's orders and puts each chain of replacements together, asking Alpaca as little as
 * the rate limit needs: a finished order never changes again, so it is asked for once; working
 * orders are read again in each fresh read, many of them with one listing.
 */
export class AlpacaOrderReader {
  readonly #client: () => AlpacaClient;
  readonly #orders = new Map<string, CachedOrder>();
  /** The first order id of each tag's chain. */
  readonly #roots = new Map<string, string>();
  #generation = 0;

  constructor(client: () => AlpacaClient) {
    this.#client = client;
  }

  /**
   * Starts a read whose answer must be current: orders fetched from now on count as fresh, those
   * fetched before do not (unless finished). Generations, not times, so that two reads within one
   * millisecond are still told apart.
   */
  freshReads(): number {
    this.#generation += 1;
    return this.#generation;
  }

  knows(id: string): boolean {
    return this.#orders.has(id);
  }

  createdAt(id: string): string | undefined {
    return this.#orders.get(id)?.order.created_at;
  }

  remember(order: AlpacaOrder): void {
    this.#orders.set(order.id, { order, generation: this.#generation });
  }

  /** An order that starts a chain: the order autofolio's tag `tag` names. */
  rememberRoot(tag: string, order: AlpacaOrder): void {
    this.remember(order);
    this.#roots.set(tag, order.id);
  }

  /** One order, from the cache when it is finished or was fetched in generation `fresh` or later. */
  async order(id: string, fresh: number): Promise<AlpacaOrder> {
    const cached = this.#orders.get(id);
    if (cached && (FINISHED.has(cached.order.status) || cached.generation >= fresh)) return cached.order;
    const order = await this.#client().get<AlpacaOrder>('trading', `/v2/orders/${encodeURIComponent(id)}`);
    this.remember(order);
    return order;
  }

  /** The order whose client_order_id is `tag`: the first of its chain. Rejects with 404 when there is none. */
  async byTag(tag: string): Promise<AlpacaOrder> {
    const root = await this.#client().get<AlpacaOrder>('trading', '/v2/orders:by_client_order_id', { query: { client_order_id: tag } });
    this.rememberRoot(tag, root);
    return root;
  }

  /** The chain that starts at `rootId`, to its latest order. */
  async chain(rootId: string, fresh: number): Promise<AlpacaOrder[]> {
    const legs = [await this.order(rootId, fresh)];
    for (let last = legs[0]!; last.replaced_by; last = legs[legs.length - 1]!) {
      if (legs.length > MAX_CHAIN) throw new BrokerError(`Alpaca order ${rootId} was replaced more than ${MAX_CHAIN} times`, 'operational', 'chain-too-long');
      legs.push(await this.order(last.replaced_by, fresh));
    }
    return legs;
  }

  /** The whole chain an order belongs to, whichever of its orders it is. */
  async chainOf(leg: AlpacaOrder, fresh: number): Promise<AlpacaOrder[]> {
    return this.chain(await this.rootIdOf(leg), fresh);
  }

  /** The id of the first order of the chain `leg` belongs to: autofolio's broker id for it. */
  async rootIdOf(leg: AlpacaOrder): Promise<string> {
    if (!leg.replaces && chainIndexOf(leg.client_order_id) === 0) return leg.id;
    const known = this.#roots.get(tagOf(leg.client_order_id));
    if (known) return known;
    // A chain started by another program with ids of its own: walk back through `replaces`.
    if (chainIndexOf(leg.client_order_id) === 0) {
      let root = leg;
      for (let hops = 0; root.replaces && hops < MAX_CHAIN; hops++) root = await this.order(root.replaces, Number.NEGATIVE_INFINITY);
      return root.id;
    }
    return (await this.byTag(tagOf(leg.client_order_id))).id;
  }

  /** Orders submitted after `after` (epoch ms; all without it), oldest first, every page of them. */
  async list(status: 'open' | 'closed' | 'all', after?: number): Promise<AlpacaOrder[]> {
    const all: AlpacaOrder[] = [];
    let from = after;
    for (;;) {
      const page = await this.#client().get<AlpacaOrder[]>('trading', '/v2/orders', {
        query: { status, limit: ORDER_PAGE, direction: 'asc', ...(from === undefined ? {} : { after: new Date(from).toISOString() }) },
      });
      for (const order of page) this.remember(order);
      all.push(...page);
      if (page.length < ORDER_PAGE) return all;
      from = Date.parse(page[page.length - 1]!.submitted_at ?? page[page.length - 1]!.created_at);
    }
  }
}
