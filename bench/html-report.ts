// Benchmark of the HTML report: a generated build of 5,001 processes (make, and sh, gcc, cc1 and as for each
// of 1,250 files) plotted to HTML, its size, how long headless Chromium takes to open it (until the chart,
// timeline and table are drawn), and how long one scroll's redraw of the table and of the timeline takes.
// Targets: opens in under 2 s, file under 5 MB. Run: npm run build && node dist/bench/html-report.js [units]
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRecording } from './build-recording.js';
import { launchBrowser, noChromium, openReport, watchedPage } from './lib/browser.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const OUT = join(ROOT, '.bench-out');
const OPENS = 5;

const median = (values: number[]): number => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const why = noChromium();
  if (why) throw new Error(why);
  const units = Number(process.argv[2] ?? 1250);
  mkdirSync(OUT, { recursive: true });
  const dat = join(OUT, 'html-build.dat');
  const html = join(OUT, 'html-build.html');
  writeFileSync(dat, buildRecording({ units, jobs: 8 }));
  const t0 = performance.now();
  const plot = spawnSync(process.execPath, [join(ROOT, 'bin', 'memprof.js'), 'plot', dat, '-o', html], {
    encoding: 'utf8',
  });
  if (plot.status !== 0) throw new Error(plot.stderr);
  const plotMs = performance.now() - t0;
  const browser = await launchBrowser();
  try {
    const opens: number[] = [];
    const redraws = { table: [] as number[], timeline: [] as number[] };
    for (let k = 0; k < OPENS; k++) {
      const { page, watch } = await watchedPage(browser, html);
      opens.push(await openReport(page, html));
      if (watch.errors.length > 0 || watch.requests.length > 0) throw new Error(JSON.stringify(watch));
      if (k === 0) {
        await page.click('#tl-inner .row[data-k="3"] .lab'); // the cc1 group opened: 1,255 timeline rows
        const times = (await page.evaluate(`(() => {
          const out = { table: [], timeline: [] };
          for (const [name, box, draw] of [['table', 'tb-view', drawTable], ['timeline', 'tl-view', drawTimeline]]) {
            const view = document.getElementById(box);
            for (let y = 0; y < view.scrollHeight; y += 397) {
              view.scrollTop = y;
              const t = performance.now();
              draw();
              view.getBoundingClientRect();
              out[name].push(performance.now() - t);
            }
          }
          return out;
        })()`)) as typeof redraws;
        Object.assign(redraws, times);
      }
      await page.close();
    }
    const mib = statSync(html).size / 1024 / 1024;
    console.log(`## HTML report: ${1 + 4 * units} processes (generated build, -j8)\n`);
    console.log('| plot to HTML | file | open, median of 5 (max) | scroll redraw, median (max): table · timeline |');
    console.log('|---|---|---|---|');
    const ms = (v: number): string => `${Math.round(v)} ms`;
    const redraw = (v: number[]): string => `${median(v).toFixed(1)} ms (${Math.max(...v).toFixed(1)})`;
    console.log(
      `| ${ms(plotMs)} | ${mib.toFixed(2)} MiB | ${ms(median(opens))} (${ms(Math.max(...opens))}) | ` +
        `${redraw(redraws.table)} · ${redraw(redraws.timeline)} |`,
    );
    console.log(
      `\ntargets: open < 2 s: ${median(opens) < 2000 ? 'met' : 'MISSED'}; ` +
        `file < 5 MB: ${mib * 1.048576 < 5 ? 'met' : 'MISSED'}`,
    );
  } finally {
    await browser.close();
  }
}

await main();
