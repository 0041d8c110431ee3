// Whole runs as a CI job pays for them, start-up to exit: memprof and mprof alternately on the idle tree
// (a parent and 4 children, -M -C) for 6 s at 10 ms and at 100 ms; a Node worker pool at both (figures
// only); 500 sleeping processes for 8 s at 10 ms (CPU, and the period from the MEM timestamps); memprof's
// own RSS on the idle tree over a run. Beside the short runs, the minimal Node sampler on timers
// (bench/lib/floor-sampler.ts) on the same tree: what any Node sampler pays for a run, start-up and ticks;
// and the same sampler in C (bench/lib/floor-sampler.c) where there is a compiler: what a runtime costs.
import { loadavg } from 'node:os';
import type { BenchOptions } from './lib/args.js';
import { memprof, mprof, nativeSamplerFloor, samplerFloor, type Contender } from './lib/contenders.js';
import { median } from './lib/proc.js';
import { fmt, printTable, ratio, verdict, type Cell } from './lib/table.js';
import { targets } from './lib/targets.js';
import { alternateWhole, wholeRun, type WholeRun } from './lib/whole-run.js';
import { idleTree, nodePool, SMALL_TREE } from './lib/workloads.js';
import { slopeKiBPerMin } from './rss.js';

const FLAGS = ['-M', '-C'];
const SHORT_SECONDS = 6;
const BIG_TREE = 500;
/** The Node pool: workers staggered 150 ms apart, so the run lasts about ms + 0.5 s plus Node's starts. */
const POOL = { workers: 4, mib: 64, ms: 2500 };
const POOL_SECONDS = 4;
const BIG_SECONDS = 8;
const MiB = 1024 * 1024;
/** Points of the RSS-over-time table. */
const RSS_POINTS = 12;
/** RSS before this is start-up and the sampling thread's start (after 1,000 ticks), left out of the slope. */
const RSS_SETTLE_SECONDS = 15;

interface Row {
  run: string;
  mine: string;
  theirs: string;
  ratio: string;
  /** null: figures only (the targets are the idle tree's). */
  target: string | null;
  met: boolean | null;
}

export async function benchWholeRun(options: BenchOptions, withMprof: boolean): Promise<void> {
  const mine = memprof(FLAGS);
  const theirs = mprof(FLAGS);
  const contenders: Contender[] = [mine, ...(withMprof ? [theirs] : [])];
  const floors = [samplerFloor('timer'), ...nativeFloor()];
  console.log(`\nload average before the whole runs: ${loadText()}`);
  const rows: Row[] = [];
  const shortRss = new Map<string, number[]>();
  for (const [interval, limit] of [
    [0.01, 0.1],
    [0.1, 0.33],
  ] as const) {
    const label = `${SHORT_SECONDS} s at ${interval * 1000} ms`;
    const runs = await alternateWhole([...contenders, ...floors], options.runs, label, (c) =>
      wholeRun(c, interval, idleTree(SMALL_TREE, SHORT_SECONDS), SHORT_SECONDS),
    );
    for (const [name, rs] of runs) shortRss.set(name, [...(shortRss.get(name) ?? []), ...rs.map(maxRss)]);
    rows.push(cpuRow(label, runs, contenders, options, limit));
    for (const floor of floors) rows.push(floorRow(label, runs, floor, withMprof ? theirs : null, options));
  }
  rows.push(...(await poolRuns(options, contenders)));
  rows.push(await bigTree(options, contenders));
  rows.push(...(await ownRss(options, contenders, shortRss)));
  for (const floor of floors) rows.push(floorRssRow(floor, shortRss.get(floor.name) ?? []));
  console.log(`load average after the whole runs: ${loadText()}`);
  printTable(
    `Whole runs, -M -C, CPU of the profiler process alone (max over the run of its threads' schedstat sum)`,
    ['run', 'memprof', 'mprof 0.61', 'ratio', 'target', 'verdict'],
    rows.map((r): Cell[] => [
      r.run,
      r.mine,
      r.theirs,
      r.ratio,
      r.target ?? 'none (figures only)',
      r.target === null ? '–' : verdict(r.met),
    ]),
  );
  for (const r of rows)
    if (r.target !== null) targets.push({ target: `whole run: ${r.run}: ${r.target}`, measured: r.mine, met: r.met });
}

/** The Node worker pool at both periods: figures beside mprof's, no target (the targets are the idle tree's). */
async function poolRuns(options: BenchOptions, contenders: Contender[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const interval of [0.01, 0.1]) {
    const label = `Node pool (${POOL.workers} workers of ${POOL.mib} MiB for ${POOL.ms / 1000} s) at ${interval * 1000} ms`;
    const runs = await alternateWhole(contenders, options.runs, label, (c) =>
      wholeRun(c, interval, nodePool(POOL.workers, POOL.mib, POOL.ms), POOL_SECONDS),
    );
    rows.push(cpuRow(label, runs, contenders, options, null));
  }
  return rows;
}

/** The median CPU of memprof (the first contender) and of mprof (the second, if any); `limit` x mprof's is the target. */
function cpuRow(
  label: string,
  runs: Map<string, WholeRun[]>,
  [mine, theirs]: Contender[],
  options: BenchOptions,
  limit: number | null,
): Row {
  const m = median(runs.get(mine!.name)!.map((r) => r.cpuSeconds));
  const p = theirs ? median(runs.get(theirs.name)!.map((r) => r.cpuSeconds)) : NaN;
  return {
    run: `${label} (median of ${options.runs}, alternating)`,
    mine: `${fmt(m, 2)} s`,
    theirs: `${fmt(p, 2)} s`,
    ratio: ratio(m, p),
    target: limit === null ? null : `≤ ${limit}x`,
    met: limit !== null && Number.isFinite(p) ? m <= limit * p : null,
  };
}

/**
 * The floor's CPU on the same runs, as a ratio to mprof's: a target under that ratio is under what this
 * sampler doing only its reads and one write a tick costs on this machine.
 */
function floorRow(
  label: string,
  runs: Map<string, WholeRun[]>,
  floor: Contender,
  theirs: Contender | null,
  options: BenchOptions,
): Row {
  const f = median(runs.get(floor.name)!.map((r) => r.cpuSeconds));
  const p = theirs ? median(runs.get(theirs.name)!.map((r) => r.cpuSeconds)) : NaN;
  return {
    run: `${floor.name}, ${label} (median of ${options.runs}, alternating with the above)`,
    mine: `${fmt(f, 2)} s`,
    theirs: `${fmt(p, 2)} s`,
    ratio: ratio(f, p),
    target: null,
    met: null,
  };
}

/** The floor's own RSS, largest over the short runs: what a process that spawns and samples is resident. */
function floorRssRow(floor: Contender, rss: number[]): Row {
  const largest = Math.max(...rss);
  return {
    run: `${floor.name}, own RSS: largest over the ${SHORT_SECONDS} s runs`,
    mine: `${fmt(largest / MiB, 1)} MiB`,
    theirs: '–',
    ratio: '',
    target: null,
    met: null,
  };
}

/** The C floor, or none with a line that says why. */
function nativeFloor(): Contender[] {
  const native = nativeSamplerFloor();
  if ('floor' in native) return [native.floor];
  console.log(native.missing);
  return [];
}

/** 500 sleeping processes: CPU in % of a core over the whole run, and the achieved period. */
async function bigTree(options: BenchOptions, contenders: Contender[]): Promise<Row> {
  const label = `${BIG_TREE} sleeping processes, ${BIG_SECONDS} s at 10 ms`;
  const runs = await alternateWhole(contenders, options.runs, label, (c) =>
    wholeRun(c, 0.01, idleTree(BIG_TREE, BIG_SECONDS), BIG_SECONDS),
  );
  const summary = (name: string) => {
    const rs = runs.get(name);
    if (!rs) return null;
    return {
      percent: median(rs.map((r) => (r.cpuSeconds / r.wallSeconds) * 100)),
      mean: median(rs.map((r) => r.period?.meanMs ?? NaN)),
      p95: median(rs.map((r) => r.period?.p95Ms ?? NaN)),
      announced: rs.every(announcesAdaptivePeriod),
    };
  };
  const m = summary(contenders[0]!.name)!;
  const p = contenders[1] ? summary(contenders[1].name) : null;
  const text = (s: typeof m | null) =>
    s ? `${fmt(s.percent, 1)}% of a core, period mean ${fmt(s.mean, 1)} / p95 ${fmt(s.p95, 1)} ms` : '–';
  const adaptive = m.announced ? ' (adaptive period, announced)' : '';
  return {
    run: `${label} (median of ${options.runs})`,
    mine: text(m) + adaptive,
    theirs: text(p),
    ratio: ratio(m.percent, p?.percent),
    target: '< 20% with p95 < 12 ms, or an announced adaptive period',
    met: m.percent < 20 && (m.p95 < 12 || m.announced),
  };
}

/** Whether a run said, in its file and on stderr, that it lengthened the period for a big tree. */
function announcesAdaptivePeriod(run: WholeRun): boolean {
  return /^PERIOD /m.test(run.recording) && /period/i.test(run.stderr);
}

/**
 * memprof's own RSS: the largest over the short runs, and over time on the idle tree beside mprof's
 * (both at once, each on its own tree, -M -C at 10 ms).
 */
async function ownRss(options: BenchOptions, contenders: Contender[], short: Map<string, number[]>): Promise<Row[]> {
  const seconds = options.rssSeconds;
  process.stderr.write(`  own RSS: ${seconds} s on the idle tree, ${contenders.map((c) => c.name).join(' + ')}\n`);
  const runs = await Promise.all(contenders.map((c) => wholeRun(c, 0.01, idleTree(SMALL_TREE, seconds), seconds)));
  const step = seconds / RSS_POINTS;
  printTable(
    `Own RSS (MiB) over ${seconds} s of the idle tree, -M -C @10 ms`,
    ['t s', ...contenders.map((c) => c.name)],
    Array.from({ length: RSS_POINTS + 1 }, (_, k): Cell[] => [
      fmt(k * step, 0),
      ...runs.map((r) => fmt(rssAt(r, k * step) / MiB, 1)),
    ]),
  );
  // Up to the end of the workload: a profiler writing its summary and exiting is not its steady state.
  const settled = (r: WholeRun) => r.rss.filter(([t]) => t >= RSS_SETTLE_SECONDS && t <= seconds);
  const slopes = runs.map((r) => slopeKiBPerMin(settled(r)));
  const maxes = runs.map(maxRss);
  const shortMax = contenders.map((c) => Math.max(...(short.get(c.name) ?? [])));
  const rssRow = (run: string, mine: number, theirs: number | undefined): Row => ({
    run,
    mine: `${fmt(mine / MiB, 1)} MiB`,
    theirs: theirs === undefined ? '–' : `${fmt(theirs / MiB, 1)} MiB`,
    ratio: ratio(mine, theirs),
    target: '≤ 40 MiB',
    met: Number.isFinite(mine) ? mine <= 40 * MiB : null,
  });
  return [
    rssRow(`own RSS, idle tree: largest over the ${SHORT_SECONDS} s runs`, shortMax[0]!, shortMax[1]),
    rssRow(`own RSS, idle tree: largest over a ${seconds} s run`, maxes[0]!, maxes[1]),
    {
      run: `own RSS over ${seconds} s of the idle tree (slope after ${RSS_SETTLE_SECONDS} s)`,
      mine: `${fmt(slopes[0], 1)} KiB/min`,
      theirs: slopes[1] === undefined ? '–' : `${fmt(slopes[1], 1)} KiB/min`,
      ratio: '',
      target: 'flat (|slope| < 100 KiB/min)',
      met: Number.isFinite(slopes[0]!) ? Math.abs(slopes[0]!) < 100 : null,
    },
  ];
}

function maxRss(run: WholeRun): number {
  return Math.max(...run.rss.map(([, b]) => b));
}

/** The RSS read closest to `t` seconds into the run. */
function rssAt(run: WholeRun, t: number): number {
  let best: [number, number] | undefined;
  for (const point of run.rss) if (!best || Math.abs(point[0] - t) < Math.abs(best[0] - t)) best = point;
  return best?.[1] ?? NaN;
}

function loadText(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}
