// The HTML report's screenshots in docs/: each recording plotted to HTML, opened in headless Chromium at
// 1400 × 1000, a timeline row hovered (its curve drawn on the chart, its command shown), saved as PNG.
// Run: npm run build && node dist/bench/report-screenshots.js <recording.dat> <out.png> [<row> ...]
// where <row> is the data-k of the timeline row to hover (default 1), one per recording.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openReport, watchedPage } from './lib/browser.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

async function main(): Promise<void> {
  const [dat, png, row = '1'] = process.argv.slice(2);
  if (!dat || !png) throw new Error('usage: report-screenshots.js <recording.dat> <out.png> [row]');
  const html = join(tmpdir(), `memprof-shot-${process.pid}.html`);
  const plot = spawnSync(process.execPath, [join(ROOT, 'bin', 'memprof.js'), 'plot', dat, '-o', html], {
    encoding: 'utf8',
  });
  if (plot.status !== 0) throw new Error(plot.stderr);
  const browser = await launchBrowser();
  try {
    const { page } = await watchedPage(browser, html);
    await openReport(page, html);
    await page.hover(`#tl-inner .row[data-k="${row}"] .trk`);
    await page.screenshot({ path: png, fullPage: true });
  } finally {
    await browser.close();
  }
}

await main();
