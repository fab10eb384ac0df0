/**
 * The web app in a real browser: Debian's Chromium, headless, driven by playwright-core against the
 * service listening on a real port. Open the poster, see the plan as you type, edit, compare, undo; and
 * the same page on a phone-sized screen. Screenshots go to .tmp/screenshots/ (copied to docs/ by hand
 * after looking at them).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTER, startTestService, type TestService } from '../service.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.resolve(import.meta.dirname, '../../.tmp/screenshots');
let t: TestService;
let server: ServerType;
let url: string;
let browser: Browser;
let shared: string;

// .ci/run installs Chromium when it is missing; without it (a machine that cannot), this is skipped, visibly.
describe.skipIf(!existsSync(CHROMIUM))('the web app in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    shared = mkdtempSync(path.join(os.tmpdir(), 'scalpel-e2e-publish-'));
    t = await startTestService({
      publishTargets: JSON.stringify({ share: { type: 'folder', path: shared } }),
    });
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
    rmSync(shared, { recursive: true, force: true });
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
    // In the page's language, and drawn on the image before anything runs.
    expect(await page.textContent('#plan')).toContain('把文字「¥199」改成「¥169」');
    await expect.poll(() => inkOn(page, '#where'), { timeout: 30_000 }).toBeGreaterThan(500);
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

  it('paints a mask with the brush, shows it as the place, and edits only there', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/`);
    await page.setInputFiles('#file', POSTER);
    await page.waitForSelector('#tools:not([hidden])');
    await page.click('#brush');
    expect(await page.getAttribute('#brush', 'aria-pressed')).toBe('true');
    // A stroke across the button (立即购买), in screen pixels over the shown image.
    const box = (await page.locator('#mask').boundingBox())!;
    const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
    await page.mouse.move(...at(0.4, 0.58));
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) await page.mouse.move(...at(0.4 + 0.02 * k, 0.58));
    await page.mouse.up();
    expect(await inkOn(page, '#mask')).toBeGreaterThan(500);
    await page.fill('#instruction', '把这里换成蓝色');
    await expect.poll(() => page.textContent('#planNote'), { timeout: 30_000 }).toBe('只改涂抹的区域');
    expect(await page.textContent('#plan')).toContain('把涂抹的区域换成蓝色');
    await page.screenshot({ path: path.join(SHOTS, 'web-mask.png') });
    await page.click('#run');
    await expect.poll(() => page.locator('#versions li').count(), { timeout: 60_000 }).toBe(2);
    // The edit stayed inside the stroke: its region is within the painted band.
    const jobs = (await (await t.req('/v1/jobs?limit=5')).json()) as {
      data: {
        instruction: string;
        result: { report: { steps: { region: { y: number; height: number } }[] } };
      }[];
    };
    const region = jobs.data.find((j) => j.instruction === '把这里换成蓝色')!.result.report.steps[0].region;
    expect(region.y).toBeGreaterThan(1000 * 0.5);
    expect(region.y + region.height).toBeLessThan(1000 * 0.66);
    // The mask was for that edit: cleared after it.
    expect(await inkOn(page, '#mask')).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs a batch of variants, row by row, and downloads them as one ZIP', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'zh-CN' });
    await page.goto(`${url}/`);
    await page.setInputFiles('#file', POSTER);
    await page.waitForSelector('#compare:not([hidden])');
    await page.click('#batchBox summary');
    const lines = ["把'¥199'改成'¥99'", "把'¥199'改成'¥109'", "把'¥199'改成'¥119'，字体颜色变红"];
    await page.fill('#batchLines', lines.join('\n'));
    await page.click('#batchRun');
    await expect
      .poll(() => page.locator('#batchRows tr.done').count(), { timeout: 120_000 })
      .toBe(lines.length);
    expect(await page.locator('#batchRows img').count()).toBe(lines.length);
    await page.locator('#batchBox').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'web-batch.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#batchZip')]);
    expect(download.suggestedFilename()).toMatch(/^bat_.*\.zip$/u);
    const saved = path.join(SHOTS, 'batch.zip');
    await download.saveAs(saved);
    expect(readFileSync(saved).subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    await page.close();
  });

  it('exports the current version to platform sizes, each a download, and publishes them in one go', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' });
    await page.goto(`${url}/`);
    await page.setInputFiles('#file', POSTER);
    await page.waitForSelector('#compare:not([hidden])');
    await page.click('#exportBox summary');
    await expect.poll(() => page.locator('#presets input:checked').count()).toBe(3);
    await page.click('#exportRun');
    await expect.poll(() => page.locator('#exported li').count(), { timeout: 60_000 }).toBe(3);
    expect(await page.textContent('#exported')).toContain('story-9x16 · 1080×1920');
    expect(await page.getAttribute('#exported a', 'href')).toMatch(/\/v1\/files\//u);
    // 一键发布 to the configured folder: one delivery per size, each shown as it lands.
    await page.waitForSelector('#publishBox:not([hidden])');
    await page.click('#publishRun');
    await expect.poll(() => page.locator('#deliveries li.delivered').count(), { timeout: 60_000 }).toBe(3);
    const [pub] = readdirSync(shared);
    expect(readdirSync(path.join(shared, pub)).sort()).toEqual([
      'portrait-3x4.png',
      'square-800.png',
      'story-9x16.png',
    ]);
    await page.locator('#exportBox').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'web-export.png') });
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
    // A finger paints too.
    await page.tap('#brush');
    const box = (await page.locator('#mask').boundingBox())!;
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    expect(await inkOn(page, '#mask')).toBeGreaterThan(50);
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(SHOTS, 'web-phone.png'), fullPage: true });
    await page.close();
  });
});

/** How many pixels of a canvas are drawn on (alpha > 0). */
function inkOn(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (c) => {
    const canvas = c as HTMLCanvasElement;
    if (!canvas.width) return 0;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  });
}
