import { EventName, IBApi } from '@stoqey/ib';
import { BrokerError } from '../broker.js';
import { classifyIbMessage, ibBrokerError, type IbMessage } from './ib-messages.js';
import { RateLimiter } from './rate-limiter.js';

export interface IbSessionOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: number;
  readonly limiter: RateLimiter;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly heartbeatMs: number;
  /** @stoqey/ib's own limiter, a backstop behind ours; tests on a virtual clock raise it. */
  readonly libraryMaxPerSecond?: number;
  readonly log?: (line: string) => void;
}

/** One request in flight: how it ends, and what it listens to until then. */
export interface RequestSpec<T> {
  readonly what: string;
  /** Request id whose errors end the request; omit for calls IB answers without one. */
  readonly reqId?: number;
  /** Registers listeners; returns a function that removes them. */
  listen(ib: IBApi, done: (value: T) => void, fail: (error: BrokerError) => void): () => void;
  /** Sends the request (one message, paced by the limiter). */
  send(ib: IBApi): void;
  readonly timeoutMs?: number;
  /** Decides whether an error for reqId ends the request; default: every error does. */
  onMessage?(message: IbMessage, fail: (error: BrokerError) => void): void;
}

// Request ids live far above order ids, because IB reports errors for both by the same id.
const FIRST_REQUEST_ID = 1_000_000_000;

/**
 * A connection to TWS / IB Gateway through @stoqey/ib: handshake, pacing of every message,
 * request/answer plumbing with timeouts, error routing by id, and a heartbeat that notices a
 * half-open connection. Once the connection is lost every pending and later call fails with
 * one BrokerError; a new session is needed to reconnect.
 */
export class IbSession {
  readonly #options: IbSessionOptions;
  #ib: IBApi | undefined;
  #lost: BrokerError | undefined;
  #requestId = FIRST_REQUEST_ID;
  readonly #pending = new Set<(error: BrokerError) => void>();
  readonly #byId = new Map<number, (message: IbMessage) => void>();
  readonly #orphans = new Set<(message: IbMessage) => void>();
  readonly #lostHandlers = new Set<(error: BrokerError) => void>();
  #heartbeat: NodeJS.Timeout | undefined;
  #lastHeard = 0;
  #probeSentAt: number | undefined;
  serverVersion = 0;
  connectionTime = '';
  managedAccounts: string[] = [];
  nextValidId = 0;
  /** Session notices (farm status, restored connectivity), newest last, for `doctor` and logs. */
  readonly notices: IbMessage[] = [];

  constructor(options: IbSessionOptions) {
    this.#options = options;
  }

  get connected(): boolean {
    return this.#ib !== undefined && this.#lost === undefined;
  }

  /** Opens the connection; resolves once IB has sent the managed accounts and nextValidId. */
  async connect(): Promise<void> {
    if (this.#ib) throw new Error('this IB session was connected before: make a new one');
    const { host, port, clientId, connectTimeoutMs } = this.#options;
    const ib = new IBApi({ host, port, maxReqPerSec: this.#options.libraryMaxPerSecond ?? 50 });
    this.#ib = ib;
    ib.on(EventName.error, (error: Error, code: number, id: number) => this.#onMessage(classifyIbMessage(code, error.message, id ?? -1)));
    ib.on(EventName.info, (text: string, code: number) => this.#onMessage(classifyIbMessage(code, text, -1)));
    ib.on(EventName.disconnected, () => this.#fail(new BrokerError(`IB Gateway at ${host}:${port} closed the connection`, 'temporary', 'disconnected')));
    ib.on(EventName.received, () => {
      this.#lastHeard = Date.now();
      this.#probeSentAt = undefined;
    });
    ib.on(EventName.server, (version: number, time: string) => {
      this.serverVersion = version;
      this.connectionTime = time;
    });
    await new Promise<void>((resolve, reject) => {
      let accounts = false;
      let ids = false;
      const finish = (error?: BrokerError) => {
        clearTimeout(timer);
        this.#pending.delete(fail);
        ib.off(EventName.managedAccounts, onAccounts);
        ib.off(EventName.nextValidId, onIds);
        if (error) reject(error);
        else resolve();
      };
      const fail = (error: BrokerError) => finish(error);
      const onAccounts = (list: string) => {
        this.managedAccounts = list.split(',').map((a) => a.trim()).filter(Boolean);
        accounts = true;
        if (ids) finish();
      };
      const onIds = (id: number) => {
        this.nextValidId = id;
        ids = true;
        if (accounts) finish();
      };
      const timer = setTimeout(
        () => fail(new BrokerError(`IB Gateway at ${host}:${port} did not complete the API handshake within ${connectTimeoutMs} ms: is the API enabled (Configure → Settings → API → Settings) and this host a trusted IP?`, 'temporary', 'connect-timeout')),
        connectTimeoutMs,
      );
      this.#pending.add(fail);
      ib.on(EventName.managedAccounts, onAccounts);
      ib.on(EventName.nextValidId, onIds);
      // START_API is a message like any other: it counts against the rate.
      this.#options.limiter.take().then(() => ib.connect(clientId), fail);
    });
    ib.on(EventName.nextValidId, (id: number) => (this.nextValidId = id));
    this.#lastHeard = Date.now();
    this.#startHeartbeat();
  }

  async disconnect(): Promise<void> {
    this.#stopHeartbeat();
    const ib = this.#ib;
    if (!ib || this.#lost) return;
    this.#lost = new BrokerError('the IB session was closed', 'temporary', 'closed');
    for (const fail of [...this.#pending]) fail(this.#lost);
    for (const handler of this.#lostHandlers) handler(this.#lost);
    ib.disconnect();
  }

  nextRequestId(): number {
    return this.#requestId++;
  }

  /** Sends one message once the limiter allows it. */
  async send(call: (ib: IBApi) => void): Promise<void> {
    const ib = this.#live();
    await this.#options.limiter.take();
    this.#live();
    call(ib);
  }

  /** Sends a request and waits for its answer, an error for its id, a lost connection or the timeout. */
  request<T>(spec: RequestSpec<T>): Promise<T> {
    const ib = this.#live();
    const timeoutMs = spec.timeoutMs ?? this.#options.requestTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const cleanup: (() => void)[] = [];
      const end = () => {
        settled = true;
        for (const undo of cleanup) undo();
      };
      const done = (value: T) => {
        if (settled) return;
        end();
        resolve(value);
      };
      const fail = (error: BrokerError) => {
        if (settled) return;
        end();
        reject(error);
      };
      const timer = setTimeout(() => fail(new BrokerError(`${spec.what}: no answer from IB Gateway within ${timeoutMs} ms`, 'temporary', 'timeout')), timeoutMs);
      cleanup.push(() => clearTimeout(timer));
      this.#pending.add(fail);
      cleanup.push(() => this.#pending.delete(fail));
      if (spec.reqId !== undefined) {
        const id = spec.reqId;
        this.#byId.set(id, (message) => (spec.onMessage ? spec.onMessage(message, fail) : fail(ibBrokerError(message, spec.what))));
        cleanup.push(() => this.#byId.delete(id));
      }
      cleanup.push(spec.listen(ib, done, fail));
      this.send(spec.send).catch((error: unknown) => fail(error instanceof BrokerError ? error : new BrokerError(String(error), 'temporary')));
    });
  }

  /** Routes errors for `id` (an order id) to `handler` until the returned function is called. */
  watchId(id: number, handler: (message: IbMessage) => void): () => void {
    this.#byId.set(id, handler);
    return () => {
      if (this.#byId.get(id) === handler) this.#byId.delete(id);
    };
  }

  /** Errors for ids nobody watches (e.g. orders of an earlier session). */
  onOrphanMessage(handler: (message: IbMessage) => void): void {
    this.#orphans.add(handler);
  }

  /** Called once when the connection is lost or closed. */
  onLost(handler: (error: BrokerError) => void): void {
    this.#lostHandlers.add(handler);
  }

  /** Why the session ended, once it has. */
  get lostReason(): BrokerError | undefined {
    return this.#lost;
  }

  /** The live API, for listeners that outlast one request. */
  get api(): IBApi {
    return this.#live();
  }

  #live(): IBApi {
    if (this.#lost) throw this.#lost;
    if (!this.#ib) throw new BrokerError('not connected to IB Gateway: connect first', 'temporary', 'not-connected');
    return this.#ib;
  }

  #onMessage(message: IbMessage): void {
    const handler = message.id >= 0 ? this.#byId.get(message.id) : undefined;
    if (handler && message.category !== 'info') return handler(message);
    switch (message.category) {
      case 'info':
      case 'restored':
      case 'market-data-delayed':
        this.notices.push(message);
        this.#options.log?.(`IB ${message.code}: ${message.text}`);
        return;
      case 'connectivity':
        // 1100 and friends: TWS lost IB's servers, or the socket failed. Nothing sent now
        // would be answered reliably, so the session ends and the run alerts.
        return this.#fail(ibBrokerError(message, 'IB Gateway connection'));
      case 'client-id':
      case 'api-refused':
        if (message.id < 0) return this.#fail(ibBrokerError(message, 'IB Gateway'));
        break;
      default:
        break;
    }
    if (message.id >= 0) for (const orphan of this.#orphans) orphan(message);
    else this.notices.push(message);
  }

  #fail(error: BrokerError): void {
    if (this.#lost) return;
    this.#lost = error;
    this.#stopHeartbeat();
    for (const fail of [...this.#pending]) fail(error);
    for (const handler of this.#lostHandlers) handler(error);
    this.#options.log?.(error.message);
    this.#ib?.disconnect();
  }

  #startHeartbeat(): void {
    const every = this.#options.heartbeatMs;
    // Checks a few times per period, so that a half-open connection is found within about
    // two periods: one of silence, then one without an answer to reqCurrentTime.
    this.#heartbeat = setInterval(() => this.#beat(every), Math.max(50, every / 4));
    this.#heartbeat.unref();
  }

  #beat(every: number): void {
    const now = Date.now();
    if (this.#probeSentAt !== undefined) {
      if (now - this.#probeSentAt >= every) {
        this.#fail(new BrokerError(`IB Gateway did not answer a heartbeat (reqCurrentTime) within ${every} ms: the connection is half-open`, 'temporary', 'half-open'));
      }
      return;
    }
    if (now - this.#lastHeard < every) return;
    this.#probeSentAt = now;
    this.send((ib) => ib.reqCurrentTime()).catch(() => undefined);
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}
