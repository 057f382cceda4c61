import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { streamSSE } from 'hono/streaming';
import { haltTrading, resumeTrading } from '../app/kill-switch.js';
import { accountView, changeMark, runDetail, type DashboardAccount } from './account-view.js';
import { accountsPage } from './accounts-page.js';
import { tokenMatches, type DashboardToken } from './dashboard-token.js';
import { LIFETIME_SECONDS, sameSecret, Sessions, type Session } from './sessions.js';
import type { PageAssets } from './page-assets.js';

export const SESSION_COOKIE = 'autofolio_session';

export interface DashboardOptions {
  readonly accounts: readonly DashboardAccount[];
  readonly token: Pick<DashboardToken, 'hash'>;
  readonly assets: PageAssets;
  /** Host names the server answers to besides the loopback names (a DNS name pointed at 127.0.0.1 by an attacker's page is refused). */
  readonly hostNames?: readonly string[];
  /** How often the live feed looks at the journal for changes. */
  readonly pollMs?: number;
  /** Where refused requests are reported. */
  readonly log?: (line: string) => void;
}

type Caller = { readonly kind: 'bearer' } | { readonly kind: 'session'; readonly session: Session };
type Env = { Variables: { caller: Caller } };

// Routes open to anyone: the login page, its form, and the style sheet and icon the login page needs.
const PUBLIC = new Set(['GET /login', 'POST /login', 'GET /static/app.css', 'GET /static/favicon.svg']);
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#111827"/><path d="M3 12 7 7l3 3 3-6" stroke="#22c55e" stroke-width="2" fill="none"/></svg>';

/**
 * The dashboard's routes. Every request needs the token: as `Authorization: Bearer` from a
 * script, or the session cookie a browser gets by logging in with it. A POST must come from the
 * page itself: never from another origin, and from a browser only with the session's CSRF token.
 */
export function dashboardApp(options: DashboardOptions): Hono<Env> {
  const sessions = new Sessions();
  const log = options.log ?? ((line: string) => console.error(line));
  const hostNames = new Set([...LOOPBACK, ...(options.hostNames ?? [])]);
  const byId = new Map(options.accounts.map((a) => [a.id, a]));
  const app = new Hono<Env>();
  const refuse = (c: Context, status: 401 | 403 | 421, why: string): Response => {
    log(`autofolio serve: refused ${c.req.method} ${new URL(c.req.url).pathname}: ${why}`);
    return c.json({ error: `refused: ${why}` }, status);
  };

  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'"], connectSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
      xFrameOptions: 'DENY',
      // Not no-referrer: under it a browser sends `Origin: null` with the page's own form posts.
      referrerPolicy: 'same-origin',
      // HSTS means nothing over http://127.0.0.1 and would pin a name served by a proxy to HTTPS.
      strictTransportSecurity: false,
      crossOriginResourcePolicy: 'same-origin',
    }),
  );
  app.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use(bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'request body too large' }, 413) }));
  app.use(async (c, next) => {
    const host = c.req.header('host') ?? '';
    if (!hostNames.has(host.replace(/:\d+$/, ''))) return refuse(c, 421, `Host "${host.slice(0, 60)}" is not this server's`);
    const crossSite = c.req.method === 'POST' && !sameOrigin(c, host);
    if (PUBLIC.has(`${c.req.method} ${c.req.path}`)) return crossSite ? refuse(c, 403, 'a cross-site POST') : next();
    const caller = authenticate(c, options.token, sessions);
    if (caller === 'bad-bearer') return refuse(c, 401, 'wrong token in the Authorization header');
    if (caller === 'bad-cookie') return refuse(c, 401, 'unknown or expired session cookie');
    if (caller === undefined) return c.req.method === 'GET' && c.req.path === '/' ? c.redirect('/login', 303) : c.json({ error: 'refused: no token (send Authorization: Bearer <token>, or log in at /login)' }, 401);
    if (crossSite) return refuse(c, 403, 'a cross-site POST');
    if (c.req.method === 'POST' && caller.kind === 'session') {
      const presented = c.req.header('x-csrf-token') ?? formField(await c.req.parseBody(), 'csrf');
      if (!presented || !sameSecret(presented, caller.session.csrf)) return refuse(c, 403, 'missing or wrong CSRF token');
    }
    c.set('caller', caller);
    return next();
  });

  app.get('/login', (c) => c.html(options.assets.loginPage('')));
  app.post('/login', async (c) => {
    const token = formField(await c.req.parseBody(), 'token') ?? '';
    if (!tokenMatches(options.token, token)) {
      log('autofolio serve: refused POST /login: wrong token');
      return c.html(options.assets.loginPage('That is not the token. It was printed when `autofolio serve` first started, or is AUTOFOLIO_DASHBOARD_TOKEN.'), 401);
    }
    const session = sessions.create();
    setCookie(c, SESSION_COOKIE, session.id, { path: '/', httpOnly: true, secure: true, sameSite: 'Strict', maxAge: LIFETIME_SECONDS });
    return c.redirect('/', 303);
  });
  app.post('/logout', (c) => {
    const caller = c.get('caller');
    if (caller.kind === 'session') sessions.end(caller.session.id);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
    return c.redirect('/login', 303);
  });

  app.get('/', (c) => {
    const caller = c.get('caller');
    return c.html(options.assets.indexPage(caller.kind === 'session' ? caller.session.csrf : ''));
  });
  app.get('/accounts', async (c) => c.html(await accountsPage(options.accounts)));
  app.get('/static/app.css', (c) => c.body(options.assets.appCss, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  app.get('/static/favicon.svg', (c) => c.body(FAVICON, 200, { 'Content-Type': 'image/svg+xml' }));
  app.get('/static/app.js', (c) => c.body(options.assets.appJs, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/static/uplot.js', (c) => c.body(options.assets.uplotJs, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/static/uplot.css', (c) => c.body(options.assets.uplotCss, 200, { 'Content-Type': 'text/css; charset=utf-8' }));

  app.get('/api/accounts', (c) => c.json(options.accounts.map((a) => ({ id: a.id }))));
  app.get('/api/accounts/:id', async (c) => {
    const account = byId.get(c.req.param('id'));
    return account ? c.json(await accountView(account)) : c.json({ error: `no account ${c.req.param('id')}` }, 404);
  });
  app.get('/api/accounts/:id/runs/:runId', async (c) => {
    const account = byId.get(c.req.param('id'));
    const detail = account && (await runDetail(account, c.req.param('runId')));
    return detail ? c.json(detail) : c.json({ error: `no run ${c.req.param('runId')} in account ${c.req.param('id')}` }, 404);
  });
  app.get('/api/accounts/:id/events', (c) => {
    const account = byId.get(c.req.param('id'));
    if (!account) return c.json({ error: `no account ${c.req.param('id')}` }, 404);
    return streamSSE(c, async (stream) => {
      let open = true;
      stream.onAbort(() => {
        open = false;
      });
      let last = '';
      while (open) {
        const mark = await changeMark(account);
        if (mark !== last) {
          last = mark;
          await stream.writeSSE({ event: 'state', data: JSON.stringify(await accountView(account)) });
        }
        await stream.sleep(options.pollMs ?? 1000);
      }
    });
  });
  app.post('/api/accounts/:id/halt', async (c) => {
    const account = byId.get(c.req.param('id'));
    if (!account) return c.json({ error: `no account ${c.req.param('id')}` }, 404);
    const reason = formField(await c.req.parseBody(), 'reason')?.trim();
    if (!reason) return c.json({ error: 'say why: the reason is recorded and announced' }, 400);
    const outcome = await haltTrading(account.account.deps.config, reason, 'dashboard');
    return answer(c, account.id, { halted: true, recordedIn: outcome.recordedIn });
  });
  app.post('/api/accounts/:id/resume', async (c) => {
    const account = byId.get(c.req.param('id'));
    if (!account) return c.json({ error: `no account ${c.req.param('id')}` }, 404);
    await resumeTrading(account.account.deps.config, 'dashboard');
    return answer(c, account.id, { halted: false });
  });
  return app;
}

// A browser's form post goes back to the page; a script gets the result as JSON.
function answer(c: Context<Env>, accountId: string, result: object): Response {
  return c.get('caller').kind === 'session' ? c.redirect(`/?account=${encodeURIComponent(accountId)}`, 303) : c.json(result);
}

function authenticate(c: Context, token: Pick<DashboardToken, 'hash'>, sessions: Sessions): Caller | 'bad-bearer' | 'bad-cookie' | undefined {
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const bearer = /^Bearer (\S+)$/.exec(header);
    return bearer && tokenMatches(token, bearer[1]!) ? { kind: 'bearer' } : 'bad-bearer';
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie === undefined) return undefined;
  const session = sessions.find(cookie);
  return session ? { kind: 'session', session } : 'bad-cookie';
}

/**
 * A browser names the page a POST came from (Origin, and Sec-Fetch-Site in current browsers):
 * it must be this server. A script sends neither, and is held to its Bearer token instead.
 */
function sameOrigin(c: Context, host: string): boolean {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  if (origin === undefined) return c.req.header('authorization') !== undefined;
  return origin === `http://${host}` || origin === `https://${host}`;
}

function formField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}
