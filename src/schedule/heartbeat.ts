const DEFAULT_TIMEOUT_MS = 10_000;

export interface HeartbeatOptions {
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  readonly log: (line: string) => void;
}

/**
 * The heartbeat URL from the environment variable the config names, checked at start-up so
 * that a typo fails loudly rather than at the first ping. The URL is a secret of sorts (anyone
 * holding it can ping), so it never appears in a message.
 */
export function heartbeatUrlFrom(env: NodeJS.ProcessEnv, variable: string): URL | undefined {
  const value = env[variable]?.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`the environment variable ${variable} is not a URL; set it to the check's ping URL (e.g. https://hc-ping.com/<uuid>) or unset it`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`the environment variable ${variable} must be an http(s) URL`);
  return url;
}

/** healthchecks.io's convention: the URL itself signals success, URL/fail a failure. */
export function pingUrl(base: URL, ok: boolean): URL {
  if (ok) return base;
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/fail`;
  return url;
}

/**
 * Pings the dead-man's switch after a run: a POST whose body says what the run came to (the
 * service shows it). A failed ping is logged and otherwise ignored — the switch exists to notice
 * when pings stop, so a lost one costs at worst a false alarm, never a run.
 */
export async function pingHeartbeat(base: URL, ok: boolean, body: string, options: HeartbeatOptions): Promise<boolean> {
  const doFetch = options.fetch ?? fetch;
  try {
    const response = await doFetch(pingUrl(base, ok), {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (!response.ok) {
      options.log(`heartbeat ping to ${base.host} answered HTTP ${response.status}`);
      return false;
    }
    return true;
  } catch (error) {
    const reason = error instanceof Error ? (error.name === 'TimeoutError' ? 'timed out' : `${error.message}${causeOf(error)}`) : String(error);
    options.log(`heartbeat ping to ${base.host} failed: ${reason}`);
    return false;
  }
}

function causeOf(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? ` (${cause.message})` : '';
}
