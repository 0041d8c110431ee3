import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { freezeClock, launchBrowser, noChromium, openReport, watchedPage } from '../../bench/lib/browser.js';
import type { PageWatch } from '../../bench/lib/browser.js';
import { buildProcesses, buildRecording } from '../../bench/build-recording.js';
import { GAP_FACTOR } from '../../src/analysis/reading-gaps.js';
import { plotCommand } from '../../src/commands/plot.js';
import { plotOptions, runVerb } from '../helpers/in-process.js';
import { tempDir } from '../helpers/memprof.js';
import { runTree, type TreeSpec } from '../helpers/tree.js';

// The HTML report in a real browser (headless Chromium): one launch shared by every test of the file.
const skip = noChromium();
let browser: Browser;

/**
 * What the recording says of each process, read by hand: its parent, command and largest sample, and whether
 * it was read on two ticks in a row somewhere, close enough in time that the page joins them (then a line is
 * drawn; a reading alone between gaps is a dot). A loaded machine can make two ticks in a row a gap.
 */
interface Truth {
  pid: number;
  ppid: number;
  command: string;
  peakMiB: number;
  stretch: boolean;
}

function readByHand(dat: string, periodSeconds: number): Truth[] {
  const byPid = new Map<number, Truth>();
  const last = new Map<Truth, { tick: number; time: number }>();
  let root: Truth | null = null;
  let tick = -1;
  const read = (p: Truth, mib: number, time: number): void => {
    p.peakMiB = Math.max(p.peakMiB, mib);
    const before = last.get(p);
    if (before?.tick === tick - 1 && time - before.time <= GAP_FACTOR * periodSeconds) p.stretch = true;
    last.set(p, { tick, time });
  };
  for (const line of readFileSync(dat, 'utf8').split('\n')) {
    const [type, ...f] = line.split(' ');
    if (type === 'PROC') {
      const command = JSON.parse(f.slice(4).join(' '));
      const p = { pid: Number(f[0]), ppid: Number(f[1]), command, peakMiB: 0, stretch: false };
      byPid.set(p.pid, p);
      root ??= p;
    } else if (type === 'CMD') {
      // What it ran once it exec'd, if memprof first read it between the fork and the exec: the page shows this.
      byPid.get(Number(f[0]))!.command = JSON.parse(f.slice(1).join(' '));
    } else if (type === 'CHLD') {
      read(byPid.get(Number(f[0]))!, Number(f[1]), Number(f[2]));
      // -M without -C: MEM is the main process alone, and opens a tick.
    } else if (type === 'MEM' && root) {
      tick++;
      read(root, Number(f[0]), Number(f[1]));
    } else if (type === 'PERIOD' || type === 'PACE') {
      throw new Error(`a ${type} line: the gaps would follow it, and this reading does not`);
    }
  }
  return [...byPid.values()].filter((p) => p.peakMiB > 0);
}

// Sizes 30 MiB apart, so that the order of the peaks is the order of the allocations.
const TREE: TreeSpec = {
  name: 'root',
  hold: 200,
  children: [
    { name: 'a', alloc: 60, untilRecorded: true, children: [{ name: 'a1', alloc: 90, untilRecorded: true }] },
    { name: 'b', alloc: 120, untilRecorded: true },
    { name: 'c', alloc: 30, untilRecorded: true },
  ],
};
const PERIOD = 0.05;
let tree: { html: string; truth: Truth[]; names: Map<string, number> };
/** The tree's report, opened once for the tests that only read it (and hover, which changes nothing else),
 *  with the clock frozen: its first state is the first of the two snapshots the frozen-clock test compares. */
let treePage: Page;
const FROZEN_AT = Date.UTC(2030, 0, 1);
let firstSnapshot: Snapshot;

/** What a page with a frozen clock drew, with a row of depth 2 hovered, and what the test reads of it. */
interface Snapshot {
  parts: string[];
  errors: string[];
  now: number;
}

async function frozenPage(file: string): Promise<{ page: Page; watch: PageWatch }> {
  const { page, watch } = await watchedPage(browser, file);
  await freezeClock(page, FROZEN_AT);
  await openReport(page, file);
  return { page, watch };
}

async function snapshot(page: Page, watch: PageWatch): Promise<Snapshot> {
  await page.hover('#tl-inner .row[data-depth="2"]');
  const parts = await page.evaluate(() =>
    ['#chart svg', '#tl-inner', '#tb-inner', '#detail'].map((s) => document.querySelector(s)!.outerHTML),
  );
  return { parts, errors: [...watch.errors], now: (await page.evaluate(() => Date.now())) as number };
}

/** `memprof plot <dat> -o <html>`, in this process. */
async function plotHtml(dat: string, html: string): Promise<void> {
  const plotted = await runVerb((io) => plotCommand(plotOptions(io, [dat], { output: html, groupBy: 'auto' })));
  assert.equal(plotted.code, 0, plotted.stderr);
}

before(async () => {
  if (skip) return;
  browser = await launchBrowser();
  const run = await runTree(TREE, ['-M', '-q', '-T', String(PERIOD)]);
  assert.equal(run.result.code, 0, run.result.stderr);
  const html = join(run.dir, 'tree.html');
  await plotHtml(run.datFile, html);
  tree = { html, truth: readByHand(run.datFile, PERIOD), names: new Map(run.events().map((e) => [e.name, e.pid])) };
  const { page, watch } = await frozenPage(html);
  assert.deepEqual(watch.requests, [], 'no request beyond the page itself');
  assert.deepEqual(watch.errors, [], 'no console error');
  treePage = page;
  firstSnapshot = await snapshot(page, watch);
});

after(async () => {
  await browser?.close();
});

test('a real tree: offline, a path per process read on two ticks in a row, one row per process under its parent', {
  skip,
}, async () => {
  const page = treePage;
  assert.equal(tree.truth.length, 5, JSON.stringify(tree.truth));
  // The page's own spec (a top-level const of its script): each process line's colour, then the paths of it.
  const spec = (await page.evaluate('SPEC')) as { data: Array<{ values?: unknown[] }>; scales: unknown[] };
  const colour = spec.scales.find((s) => (s as { name: string }).name === 'color') as {
    domain: string[];
    range: string[];
  };
  const processLines = spec.data
    .flatMap((d) => d.values ?? [])
    .filter((v): v is { kind: string; legend: string } => (v as { kind?: string }).kind === 'process');
  const strokes = await page.$$eval('#chart svg g.mark-line path', (els) => els.map((p) => p.getAttribute('stroke')));
  const chart = processLines.map(
    (m) => strokes.filter((s) => s === colour.range[colour.domain.indexOf(m.legend)]).length,
  );
  assert.equal(chart.length, 5, 'every process drawn (fewer than --top)');
  // A process read once (it ended as soon as it was recorded) is a dot, and no line.
  const lined = tree.truth.filter((p) => p.stretch).length;
  assert.equal(chart.filter((n) => n >= 1).length, lined, `paths per process line: ${chart}`);
  assert.ok(lined >= 1, 'the root, read all along, has a line');
  const rows = await page.$$eval('#tl-inner .row', (els) =>
    els.map((e) => ({ pid: Number(e.getAttribute('data-pid')), depth: Number(e.getAttribute('data-depth')) })),
  );
  assert.deepEqual(rows.map((r) => r.pid).sort(), tree.truth.map((p) => p.pid).sort());
  // Each row sits one level under the nearest row above it at the level of its parent, which is its parent.
  const ppid = new Map(tree.truth.map((p) => [p.pid, p.ppid]));
  assert.equal(rows[0]!.depth, 0);
  rows.forEach((r, k) => {
    if (k === 0) return;
    const above = rows
      .slice(0, k)
      .reverse()
      .find((q) => q.depth === r.depth - 1);
    assert.equal(above?.pid, ppid.get(r.pid), `row ${k} (pid ${r.pid}) under its parent`);
  });
  assert.equal(rows.find((r) => r.pid === tree.names.get('a1'))!.depth, 2);
});

test('hovering a timeline row shows its full command and draws its curve on the chart', { skip }, async () => {
  const page = treePage;
  const a1 = tree.names.get('a1')!;
  await page.hover(`#tl-inner .row[data-pid="${a1}"]`);
  const command = await page.$eval('#detail .cmd', (e) => e.textContent);
  assert.equal(command, tree.truth.find((p) => p.pid === a1)!.command);
  // vega redraws on its own schedule: wait for the curve (a busy machine delays it), then look at it.
  const curve = '#chart svg .selected_curve path';
  await page
    .waitForFunction((sel) => (document.querySelector(sel)?.getAttribute('d') ?? '').length > 10, {}, curve)
    .catch(() => undefined);
  const drawn = await page.$eval(curve, (p) => p.getAttribute('d') ?? '');
  assert.ok(drawn.length > 10, `the selected curve: ${drawn}`);
});

test('the table sorts by peak: its rows in the order of the peaks read from the file', { skip }, async () => {
  const page = treePage;
  await page.click('#tb-head span[data-key="peak"]');
  assert.equal(await page.$eval('#table', (e) => e.getAttribute('data-sort')), 'peak desc');
  const cells = await page.$$eval('#tb-inner .tr', (els) =>
    els.map((e) => [...e.children].map((c) => c.textContent ?? '')),
  );
  const heads = await page.$$eval('#tb-head span', (els) => els.map((e) => e.getAttribute('data-key')));
  const pid = heads.indexOf('pid');
  const peak = heads.indexOf('peak');
  const expected = tree.truth.slice().sort((a, b) => b.peakMiB - a.peakMiB);
  assert.deepEqual(
    cells.map((c) => Number(c[pid])),
    expected.map((p) => p.pid),
  );
  const shownMiB = Number(/^([\d.]+) MiB$/.exec(cells[0]![peak]!)?.[1]);
  assert.ok(Math.abs(shownMiB - expected[0]!.peakMiB) <= 0.5, `${cells[0]![peak]} vs ${expected[0]!.peakMiB} MiB`);
});

test('with the clock frozen the page draws, and draws the same twice', { skip }, async () => {
  const check = ({ errors, now }: Snapshot): void => {
    assert.deepEqual(errors, []);
    assert.equal(now, FROZEN_AT, 'the clock is frozen');
  };
  check(firstSnapshot);
  assert.match(firstSnapshot.parts[3]!, /tree\.py/, 'the hovered process is shown');
  const { page, watch } = await frozenPage(tree.html);
  const second = await snapshot(page, watch);
  await page.close();
  check(second);
  assert.deepEqual(second.parts, firstSnapshot.parts);
});

test('5,001 processes of a build: grouped by program, rows drawn only in sight, searched', { skip }, async () => {
  const dir = tempDir('memprof-html-');
  const build = { units: 1250, jobs: 8 };
  const dat = join(dir, 'build.dat');
  writeFileSync(dat, buildRecording(build));
  const html = join(dir, 'build.html');
  await plotHtml(dat, html);
  const bytes = statSync(html).size;
  assert.ok(bytes < 5 * 1024 * 1024, `${bytes} bytes`);
  const { page, watch } = await watchedPage(browser, html);
  const ms = await openReport(page, html);
  console.log(`5,001 processes: ${(bytes / 1024 / 1024).toFixed(2)} MiB, opened in ${Math.round(ms)} ms`);
  assert.deepEqual(watch.errors, []);
  const labels = await page.$$eval('#tl-inner .row .lab', (els) => els.map((e) => e.textContent));
  assert.deepEqual(labels, ['5000 make', '▸ sh -c × 1250', '▸ gcc × 1250', '▸ cc1 × 1250', '▸ as × 1250']);
  assert.equal(await page.$eval('#table', (e) => e.getAttribute('data-rows')), '5001');
  const drawn = await page.$$eval('#tb-inner .tr', (els) => els.length);
  assert.ok(drawn < 100, `${drawn} table rows in the page`);
  await page.$eval('#tb-view', (e) => {
    e.scrollTop = e.scrollHeight;
  });
  const procs = buildProcesses(build);
  const lastRowPid = (): string | null | undefined => {
    const rows = [...document.querySelectorAll<HTMLElement>('#tb-inner .tr')];
    rows.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    return rows.at(-1)?.firstElementChild?.textContent;
  };
  // The rows may be drawn more than once on their way down (a busy machine shows a frame in between):
  // wait for the bottom row, then check it, so a page that never gets there still fails below.
  await page
    .waitForFunction(`(${lastRowPid})() === '${procs.at(-1)!.pid}'`, { timeout: 10_000 })
    .catch(() => undefined);
  assert.equal(await page.evaluate(lastRowPid), String(procs.at(-1)!.pid));
  await page.click('#tl-inner .row[data-k="3"] .lab');
  assert.equal(await page.$eval('#timeline', (e) => e.getAttribute('data-rows')), String(5 + 1250));
  await page.type('#search', 'module_7.c');
  const matching = procs.filter((p) => p.command.includes('module_7.c'));
  assert.equal(await page.$eval('#table', (e) => e.getAttribute('data-rows')), String(matching.length));
  // The matches and their ancestors: make, sh, gcc, cc1.
  assert.equal(await page.$eval('#timeline', (e) => e.getAttribute('data-rows')), String(matching.length + 1));
  await page.close();
});
