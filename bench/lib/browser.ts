import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';

// Headless Chromium driven by puppeteer-core (which downloads no browser): the HTML report's browser tests,
// its benchmark and its screenshots. Debian's `chromium` package, or the one CHROMIUM_PATH names.

/** The Chromium to drive, or null when none is installed. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p)) ?? null;
}

/** Why the browser tests cannot run here, or false when they can. */
export function noChromium(): string | false {
  return findChromium() === null ? 'no Chromium found (apt-get install chromium, or set CHROMIUM_PATH to one)' : false;
}

export async function launchBrowser(): Promise<Browser> {
  const puppeteer = (await import('puppeteer-core')).default;
  const executablePath = findChromium();
  if (executablePath === null) throw new Error('no Chromium found');
  // --no-sandbox: tests and benchmarks run as root in containers, where Chromium's sandbox cannot start.
  return puppeteer.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
}

/** What a page did that an offline report must not: requests beyond its own file, console errors. */
export interface PageWatch {
  requests: string[];
  errors: string[];
}

/** A fresh page of `width` × `height` that records every request beyond `file` (and aborts it) and every error. */
export async function watchedPage(
  browser: Browser,
  file: string,
  width = 1400,
  height = 1000,
): Promise<{
  page: Page;
  watch: PageWatch;
}> {
  const page = await browser.newPage();
  await page.setViewport({ width, height });
  const watch: PageWatch = { requests: [], errors: [] };
  const own = pathToFileURL(file).href;
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url() === own) return void request.continue();
    watch.requests.push(request.url());
    void request.abort();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') watch.errors.push(message.text());
  });
  page.on('pageerror', (error) => watch.errors.push(String(error)));
  return { page, watch };
}

/** Open the report and wait until its chart, timeline and table are drawn; the milliseconds it took. */
export async function openReport(page: Page, file: string): Promise<number> {
  const started = performance.now();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-rendered=yes]', { timeout: 30_000 });
  return performance.now() - started;
}

/** Date and performance.now stand still in the page from its first script on. */
export async function freezeClock(page: Page, epochMs: number): Promise<void> {
  await page.evaluateOnNewDocument((frozen: number) => {
    const RealDate = Date;
    class FrozenDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(frozen);
        else super(...(args as [number]));
      }
      static override now(): number {
        return frozen;
      }
    }
    (globalThis as { Date: DateConstructor }).Date = FrozenDate as DateConstructor;
    performance.now = () => 0;
  }, epochMs);
}
