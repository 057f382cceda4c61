import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAccount } from '../src/app/open-account.js';
import { loadConfig } from '../src/config/load.js';
import { SqliteOutbox } from '../src/store/sqlite-outbox.js';
import { SqliteRunDetail } from '../src/store/sqlite-run-detail.js';
import type { DashboardAccount } from '../src/web/account-view.js';
import { dashboardApp } from '../src/web/dashboard-app.js';
import { loadPageAssets } from '../src/web/page-assets.js';
import { startDashboard, type RunningDashboard } from '../src/web/start-dashboard.js';
import { autofolio } from './cli.js';

const TOKEN = 'routes-test-token-5f2e9a7c1b3d';
const SECRETS = { AUTOFOLIO_SMTP_PASSWORD: 'smtp-pw-91c3e5a7-dashboard', AUTOFOLIO_IB_PASSWORD: 'ib-pw-4d6f8a0c2e-dashboard' };
// The login page, its form and what the login page loads: everything else needs the token.
const PUBLIC = ['GET /login', 'POST /login', 'GET /static/app.css', 'GET /static/favicon.svg'];
const EVIL = 'https://evil.example';

interface Route {
  readonly method: string;
  readonly path: string;
}

describe('every dashboard route, over a real socket', () => {
  let dir: string;
  let account: DashboardAccount;
  let server: RunningDashboard;
  let routes: Route[];
  let runId: string;
  const refusals: string[] = [];
  const saved = { ...process.env };

  const url = (route: Route): string => new URL(route.path.replace(':id', account.id).replace(':runId', runId), server.url).toString();
  // The live feed never ends: read its first event, then hang up.
  async function send(route: Route, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string; location: string | null }> {
    const abort = new AbortController();
    const response = await fetch(url(route), { method: route.method, headers: { ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...headers }, body, redirect: 'manual', signal: abort.signal });
    let text = '';
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
      const reader = response.body!.getReader();
      while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
      abort.abort();
    } else text = await response.text();
    return { status: response.status, text, location: response.headers.get('location') };
  }
  async function login(): Promise<{ cookie: string; csrf: string }> {
    const response = await fetch(new URL('/login', server.url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url.replace(/\/$/, '') }, body: `token=${TOKEN}`, redirect: 'manual' });
    expect(response.status).toBe(303);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await fetch(server.url, { headers: { cookie } })).text();
    return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)![1]! };
  }

  beforeAll(async () => {
    Object.assign(process.env, SECRETS);
    dir = mkdtempSync(join(tmpdir(), 'autofolio-dashboard-routes-'));
    expect((await autofolio(['init', dir])).code).toBe(0);
    const configFile = join(dir, 'autofolio.yaml');
    // An SMTP server with a login: its password is in the environment of the server process.
    writeFileSync(configFile, readFileSync(configFile, 'utf8').replace(/^notify:\n/m, 'notify:\n  email: { host: 127.0.0.1, port: 9, user: owner, timeoutSeconds: 1 }\n'));
    const run = await autofolio(['run', '--config', configFile, '--json'], { env: SECRETS });
    expect(run.code, run.stderr).toBe(0);
    runId = (JSON.parse(run.stdout) as { runId: string }).runId;
    const config = loadConfig(configFile);
    const open = await openAccount(config);
    account = { id: config.account.id, account: open, outbox: new SqliteOutbox(open.db, config.account.id), detail: new SqliteRunDetail(open.db, config.account.id) };
    const options = { accounts: [account], token: { hash: createHash('sha256').update(TOKEN).digest() }, assets: loadPageAssets(), log: (line: string) => void refusals.push(line), pollMs: 50 };
    routes = dashboardApp(options).routes.filter((r) => r.method !== 'ALL').map((r) => ({ method: r.method, path: r.path }));
    server = await startDashboard({ ...options, host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await server?.close();
    await account?.account.close();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the routes, and only the login page and what it loads are public', () => {
    expect(routes.length).toBeGreaterThan(12);
    expect(routes.map((r) => `${r.method} ${r.path}`).filter((r) => PUBLIC.includes(r)).sort()).toEqual([...PUBLIC].sort());
  });

  it('answers each private route to the token, without a secret in any answer', async () => {
    const { cookie } = await login();
    for (const route of routes.filter((r) => r.method === 'GET' && !PUBLIC.includes(`GET ${r.path}`))) {
      for (const headers of [{ authorization: `Bearer ${TOKEN}` }, { cookie }] as Record<string, string>[]) {
        const answer = await send(route, headers);
        expect(answer.status, `${route.method} ${route.path}`).toBe(200);
        for (const secret of Object.values(SECRETS)) expect(answer.text).not.toContain(secret);
      }
    }
  });

  it('refuses every private route without the token, with a wrong token and with an unknown session, and logs the bad ones', async () => {
    for (const route of routes.filter((r) => !PUBLIC.includes(`${r.method} ${r.path}`))) {
      const name = `${route.method} ${route.path}`;
      const none = await send(route);
      // The page itself sends a browser to the login page; everything else answers 401.
      if (name === 'GET /') expect([none.status, none.location]).toEqual([303, '/login']);
      else expect(none.status, name).toBe(401);
      expect(none.text).not.toContain(account.id);
      for (const headers of [{ authorization: 'Bearer wrong-token-0000000000000' }, { authorization: `Basic ${TOKEN}` }, { cookie: 'autofolio_session=forged' }] as Record<string, string>[]) {
        const before = refusals.length;
        const bad = await send(route, headers);
        expect(bad.status, `${name} ${JSON.stringify(headers)}`).toBe(401);
        expect(bad.text).not.toContain(account.id);
        expect(refusals.slice(before).join('\n')).toContain(`refused ${route.method} ${new URL(url(route)).pathname}`);
      }
    }
    expect(refusals.join('\n')).not.toContain('wrong-token-0000000000000');
  });

  it('refuses every cross-site POST, whatever credentials it carries, and a browser POST without its CSRF token', async () => {
    const { cookie, csrf } = await login();
    const own = server.url.replace(/\/$/, '');
    for (const route of routes.filter((r) => r.method === 'POST')) {
      const name = `${route.method} ${route.path}`;
      const body = `csrf=${encodeURIComponent(csrf)}&reason=cross-site&token=${TOKEN}`;
      expect((await send(route, { cookie, origin: EVIL }, body)).status, name).toBe(403);
      expect((await send(route, { authorization: `Bearer ${TOKEN}`, origin: EVIL }, body)).status, name).toBe(403);
      expect((await send(route, { cookie, origin: own, 'sec-fetch-site': 'cross-site' }, body)).status, name).toBe(403);
      expect((await send(route, { cookie, origin: 'null' }, body)).status, name).toBe(403);
      if (name !== 'POST /login') expect((await send(route, { cookie, origin: own }, 'reason=no-csrf')).status, name).toBe(403);
    }
    // None of them got through: the kill switch was never set.
    expect((await account.account.deps.journal.killSwitch()).halted).toBe(false);
  });

  it('refuses a request addressed to another host name, as a page that rebinds its name to 127.0.0.1 would send', async () => {
    // fetch() sets Host itself, so the request is made with node:http.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const { port } = new URL(server.url);
      request({ host: '127.0.0.1', port, path: '/api/accounts', headers: { authorization: `Bearer ${TOKEN}`, host: `evil.example:${port}` } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(421);
  });

  it('sends the security headers: a CSP without inline script, no framing, no caching', async () => {
    const response = await fetch(new URL('/login', server.url));
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect(page).not.toMatch(/<script(?![^>]*\ssrc=)/);
  });

  it('halts and resumes for a script with the Bearer token', async () => {
    const halt = await send({ method: 'POST', path: '/api/accounts/:id/halt' }, { authorization: `Bearer ${TOKEN}` }, 'reason=scripted');
    expect([halt.status, JSON.parse(halt.text)]).toEqual([200, { halted: true, recordedIn: 'database' }]);
    expect(await account.account.deps.journal.killSwitch()).toMatchObject({ halted: true, reason: 'scripted', source: 'dashboard' });
    const resume = await send({ method: 'POST', path: '/api/accounts/:id/resume' }, { authorization: `Bearer ${TOKEN}` }, 'x=1');
    expect(resume.status).toBe(200);
    expect((await account.account.deps.journal.killSwitch()).halted).toBe(false);
  });
});
