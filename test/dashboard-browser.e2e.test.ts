import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autofolio, CLI, type RunJson } from './cli.js';
import { serveDashboard, type ServedDashboard } from './dashboard-server.js';

// Screenshots for a person to look at; the folder is git-ignored.
const ARTEFACTS = fileURLToPath(new URL('./artefacts/dashboard/', import.meta.url));
const TOKEN = 'test-dashboard-token-0123456789abcdef';

describe('the dashboard in headless Chromium, over a demo account', () => {
  let dir: string;
  let config: string;
  let server: ServedDashboard;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'autofolio-dashboard-'));
    const demo = await autofolio(['demo', '--dir', join(dir, 'account')]);
    expect(demo.code, demo.stderr).toBe(0);
    config = join(dir, 'account', 'autofolio.yaml');
    server = await serveDashboard([join(dir, 'account')], { AUTOFOLIO_DASHBOARD_TOKEN: TOKEN });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    mkdirSync(ARTEFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a browser without the session to the login page, and logs in with the token', async () => {
    await page.goto(server.url);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#token', 'not-the-token-at-all-xxxxxxxx');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('body')).toContain('That is not the token');
    expect(server.stderr()).toContain('refused POST /login: wrong token');
    await page.fill('#token', TOKEN);
    await page.click('button[type=submit]');
    await page.waitForSelector('body[data-ready=true]');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'autofolio_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
  });

  it('shows the account: trading state, figures, positions against targets, both charts, runs and digests', async () => {
    expect(await page.textContent('#trading-state')).toBe('Trading');
    expect(await page.textContent('#figures')).toMatch(/NLV\s*1,00\d,\d{3}\.\d\d USD/);
    const symbols = await page.$$eval('#positions tbody tr td:first-child', (cells) => cells.map((c) => c.textContent));
    expect(symbols).toEqual(expect.arrayContaining(['SPY', 'TLT', 'XIU']));
    expect(await page.textContent('#plan-caption')).toMatch(/^Targets of run r-/);
    // uPlot draws each series on a canvas it sizes to the container.
    for (const chart of ['#equity-chart', '#drawdown-chart']) {
      const size = await page.$eval(`${chart} canvas`, (c) => ({ width: (c as unknown as { width: number }).width, height: (c as unknown as { height: number }).height }));
      expect(size.width).toBeGreaterThan(200);
      expect(size.height).toBeGreaterThan(50);
    }
    expect(await page.$$eval('#runs details.run', (runs) => runs.length)).toBeGreaterThan(5);
    // A run opens to its orders and fills: the 11 instruments, and the USDCAD conversion that funds the XIU buy.
    const trading = page.locator('details.run', { hasText: '12 orders · 12 fills' }).first();
    await trading.locator('summary').click();
    await trading.locator('table[id^=fills-] tbody tr').nth(11).waitFor();
    expect(await trading.locator('table[id^=orders-] tbody tr').count()).toBe(12);
    expect(await page.textContent('#notices')).toContain('session end');
    expect(await page.textContent('#cash')).toContain('CAD');
    // From the top, so the sticky header is where a person sees it.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(ARTEFACTS, 'desktop-1280x800.png'), fullPage: true });
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(server.url);
    await phone.waitForSelector('body[data-ready=true]');
    await phone.waitForSelector('#equity-chart canvas');
    // Nothing on the phone is wider than its screen but the tables, which scroll inside their panels.
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: join(ARTEFACTS, 'phone-390x844.png'), fullPage: true });
    await phone.close();
  });

  it('shows the steps of a run in progress as they are recorded, without a reload', async () => {
    await page.evaluate('window.notReloaded = true');
    // The run pauses before its risk gate, long enough for the page to show it running.
    const run = spawn(process.execPath, [CLI, 'run', '--config', config], { env: { ...process.env, AUTOFOLIO_FAULT: 'step:risk-gate~4000' }, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => run.on('exit', resolve));
    const running = page.locator('details.run', { has: page.locator('.outcome.running') });
    await running.locator('li.step', { hasText: 'plan-orders' }).waitFor();
    expect(await running.locator('li.step', { hasText: 'risk-gate' }).count()).toBe(0);
    const runId = await running.getAttribute('data-run');
    expect(await exited).toBe(0);
    const finished = page.locator(`details.run[data-run="${runId}"]`);
    await finished.locator('.outcome.ok').waitFor();
    await finished.locator('li.step', { hasText: 'disconnect' }).waitFor();
    expect(await page.evaluate('window.notReloaded')).toBe(true);
  });

  it('halts from the page: recorded, announced, and the next run exits 2; resumes, and the next run trades', async () => {
    await page.fill('#halt-reason', 'checking the broker statement');
    await page.click('#halt-form button[type=submit]');
    await page.waitForSelector('#trading-state.halted');
    expect(await page.textContent('#trading-detail')).toContain('halted: checking the broker statement (dashboard)');
    const status = await autofolio(['status', '--config', config, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ halted: true, haltReason: 'halted: checking the broker statement (dashboard)' });
    // Announced as `autofolio halt` announces it, saying where it came from (quoted-printable lines unfolded).
    const outbox = join(dir, 'account', 'state', 'outbox');
    const announced = readdirSync(outbox).map((f) => readFileSync(join(outbox, f), 'utf8').replace(/=\r?\n/g, ''));
    expect(announced.filter((eml) => eml.includes('was halted: checking the broker statement') && eml.includes('from the dashboard'))).toHaveLength(1);
    await expect.poll(() => page.textContent('#notices')).toContain('kill switch halted: checking the broker statement');

    const halted = await autofolio(['run', '--config', config, '--json']);
    expect(halted.code, halted.stderr).toBe(2);
    expect((JSON.parse(halted.stdout) as RunJson).ordersSent).toBe(0);

    await page.click('#resume-form button[type=submit]');
    await page.waitForSelector('#trading-state.active');
    // A lower volatility target halves the leverage, so the next run has trades to make.
    writeFileSync(config, readFileSync(config, 'utf8').replace('    target: 0.08', '    target: 0.04'));
    const resumed = await autofolio(['run', '--config', config, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as RunJson).ordersSent).toBeGreaterThan(0);
    await expect.poll(() => page.textContent('#notices')).toContain('kill switch resumed');
  });
});
