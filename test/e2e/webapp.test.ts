/**
 * The web app in a real browser: Debian's Chromium, headless, driven by playwright-core against the
 * service listening on a real port. Open the poster, see the plan as you type, edit, compare, undo; and
 * the same page on a phone-sized screen. Screenshots go to .tmp/screenshots/ (copied to docs/ by hand
 * after looking at them).
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTER, startTestService, type TestService } from '../service.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.resolve(import.meta.dirname, '../../.tmp/screenshots');
let t: TestService;
let server: ServerType;
let url: string;
let browser: Browser;

// .ci/run installs Chromium when it is missing; without it (a machine that cannot), this is skipped, visibly.
describe.skipIf(!existsSync(CHROMIUM))('the web app in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = startTestService();
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((r) => server.once('listening', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage', '--disable-gpu'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  it('opens a poster, shows the plan, edits, compares and undoes', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/`);
    await expect.poll(() => page.textContent('#run')).toBe('开始修改');
    // The page's own CJK font (made on first use): Chinese must not show as empty boxes.
    await page.waitForFunction(() => document.fonts.check('16px "Scalpel Sans SC"', '开始修改'), null, {
      timeout: 60_000,
    });
    await page.setInputFiles('#file', POSTER);
    await page.waitForSelector('#compare:not([hidden])');
    await page.fill('#instruction', "把'¥199'改成'¥169'，字体颜色变红");
    await page.waitForSelector('#plan li');
    expect(await page.textContent('#plan')).toContain("replace the text '¥199' with '¥169'");
    await page.screenshot({ path: path.join(SHOTS, 'web-plan.png') });
    await page.click('#run');
    await expect.poll(() => page.locator('#versions li').count(), { timeout: 60_000 }).toBe(2);
    expect(await page.textContent('#versions li.head')).toContain('¥169');
    expect(await page.getAttribute('#download', 'href')).toMatch(/\/v1\/files\//u);
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => document.fonts.check('16px "Scalpel Sans SC"', '撤销想怎么改'))).toBe(
      true,
    );
    await page.screenshot({ path: path.join(SHOTS, 'web-result.png') });
    await page.click('#undo');
    await expect.poll(() => page.textContent('#versions li.head')).toBe('原图');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('queues an edit made offline and sends it once when the connection returns', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${url}/`);
    await page.setInputFiles('#file', POSTER);
    await page.waitForSelector('#compare:not([hidden])');
    const instruction = "把'¥199'改成'¥139'";
    await page.fill('#instruction', instruction);
    await context.setOffline(true);
    await page.click('#run');
    await page.waitForSelector('#queuedBox:not([hidden])');
    expect(await page.textContent('#queued')).toContain(instruction);
    // Kept in IndexedDB: a reload while offline would not lose it.
    expect(await page.evaluate(() => indexedDB.databases().then((d) => d.map((x) => x.name)))).toContain(
      'scalpel',
    );
    await context.setOffline(false);
    await page.waitForSelector('#queuedBox[hidden]', { state: 'attached', timeout: 60_000 });
    await expect.poll(() => page.locator('#versions li').count(), { timeout: 60_000 }).toBe(2);
    const jobs = (await (await t.req('/v1/jobs?limit=100')).json()) as { data: { instruction: string }[] };
    expect(jobs.data.filter((j) => j.instruction === instruction)).toHaveLength(1);
    await context.close();
  });

  it('says what is wrong in plain words before anything runs', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(`${url}/`);
    await page.fill('#instruction', '布料变皮革');
    await page.waitForSelector('#planError:not([hidden])');
    expect(await page.textContent('#planError')).toMatch(/generative engine/u);
    expect(await page.isDisabled('#run')).toBe(true);
    await page.close();
  });

  it('fits a phone screen, in Chinese, without sideways scrolling', async () => {
    const page = await browser.newPage({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      hasTouch: true,
    });
    await page.goto(`${url}/`);
    await page.setInputFiles('#file', POSTER);
    await page.waitForSelector('#compare:not([hidden])');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(SHOTS, 'web-phone.png'), fullPage: true });
    await page.close();
  });
});
