// Own RSS over a long run: memprof and mprof side by side (-M -C at 10 ms), each on its own churning
// tree, so per-process state turns over all the time. Streaming means a flat line: the slope is printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions } from './lib/args.js';
import { killGroup, startGroup } from './lib/cleanup.js';
import { memprof, mprof, type Contender } from './lib/contenders.js';
import { rssBytes, sleep } from './lib/proc.js';
import { fmt, printTable } from './lib/table.js';
import { targets } from './lib/targets.js';
import { churn } from './lib/workloads.js';
import { THREAD_AFTER_TICKS } from '../src/sampler/select.js';

const FLAGS = ['-M', '-C'];
const INTERVAL = 0.01;
/**
 * RSS before this is start-up and left out of the slope: imports, the first GCs, and the sampling thread,
 * which starts after THREAD_AFTER_TICKS (10 s at this interval: a slope from then on measured that step).
 */
const SETTLE_SECONDS = THREAD_AFTER_TICKS * INTERVAL + 20;
const POINTS = 12;

export async function benchRss(options: BenchOptions, withMprof: boolean): Promise<void> {
  const contenders: Contender[] = [memprof(FLAGS), ...(withMprof ? [mprof(FLAGS)] : [])];
  const total = SETTLE_SECONDS + options.rssSeconds;
  const dirs = contenders.map(() => mkdtempSync(join(tmpdir(), 'memprof-bench-')));
  const children = contenders.map((c, i) =>
    startGroup(c.argv(INTERVAL, 'x.dat', churn(4, total + 2), total + 2), dirs[i]!),
  );
  const series: { t: number; rss: number[] }[] = [];
  try {
    process.stderr.write(`  rss: ${total} s of churn, ${contenders.map((c) => c.name).join(' + ')}\n`);
    await sleep(SETTLE_SECONDS * 1000);
    const step = (options.rssSeconds * 1000) / POINTS;
    for (let k = 0; k <= POINTS; k++) {
      series.push({ t: SETTLE_SECONDS + (k * step) / 1000, rss: children.map((c) => safeRss(c.pid!)) });
      if (k < POINTS) await sleep(step);
    }
  } finally {
    for (const c of children) killGroup(c);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  const MiB = 1024 * 1024;
  printTable(
    `Own RSS (MiB) over ${options.rssSeconds} s of a churning tree, -M -C @10 ms`,
    ['t s', ...contenders.map((c) => c.name)],
    series.map((p) => [fmt(p.t, 0), ...p.rss.map((b) => fmt(b / MiB, 1))]),
  );
  const slopes = contenders.map((_, i) => slopeKiBPerMin(series.map((p) => [p.t, p.rss[i]!])));
  const perContender = contenders.map((c, i) => `${c.name} ${fmt(slopes[i], 1)} KiB/min`).join('; ');
  console.log(`\nslope (least squares, after ${SETTLE_SECONDS} s): ${perContender}`);
  const mine = slopes[0]!;
  const first = series[0]?.rss[0] ?? NaN;
  const last = series.at(-1)?.rss[0] ?? NaN;
  targets.push({
    target: `memprof's own RSS flat over a run (${options.rssSeconds} s here)`,
    measured: `${fmt(first / MiB, 1)} → ${fmt(last / MiB, 1)} MiB, slope ${fmt(mine, 1)} KiB/min`,
    met: Number.isFinite(mine) ? Math.abs(mine) < 100 : null,
  });
}

function safeRss(pid: number): number {
  try {
    return rssBytes(pid);
  } catch {
    return NaN;
  }
}

/** Least-squares slope of RSS against time, in KiB per minute. */
export function slopeKiBPerMin(points: [number, number][]): number {
  const ok = points.filter(([, y]) => Number.isFinite(y));
  const n = ok.length;
  if (n < 2) return NaN;
  const mx = ok.reduce((s, [x]) => s + x, 0) / n;
  const my = ok.reduce((s, [, y]) => s + y, 0) / n;
  const num = ok.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = ok.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? NaN : ((num / den) * 60) / 1024;
}
