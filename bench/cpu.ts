// Steady cost on the idle tree of 5 (a parent and 4 children): own CPU and achieved period of
// memprof and mprof, both with -M -C, at 10 ms and 100 ms, beside the floors at the same period: a bare
// timer in Node and a bare sleep loop in Python (run together), and minimal Node samplers, one ticking on
// the main thread's timers and one in a worker thread (run together).
import type { BenchOptions } from './lib/args.js';
import { memprof, mprof, nodeFloor, pythonFloor, samplerFloor, type Contender } from './lib/contenders.js';
import { alternate, type Summary } from './lib/measure.js';
import { fmt, printTable, ratio, type Cell } from './lib/table.js';
import { targets } from './lib/targets.js';
import type { CpuResults } from './lib/cpu-targets.js';
import { idleTree, SMALL_TREE } from './lib/workloads.js';

const FLAGS = ['-M', '-C'];
const INTERVALS = [0.01, 0.1];

/** The table of the first window; returns memprof's and mprof's summaries by interval for the CPU targets. */
export async function benchCpu(options: BenchOptions, withMprof: boolean): Promise<CpuResults> {
  const mine = memprof(FLAGS);
  const theirs = mprof(FLAGS);
  const groups: Contender[][] = [
    [mine],
    ...(withMprof ? [[theirs]] : []),
    [nodeFloor, pythonFloor],
    [samplerFloor('timer'), samplerFloor('worker')],
  ];
  const rows: Cell[][] = [];
  const results: CpuResults = new Map();
  for (const interval of INTERVALS) {
    const plan = {
      intervalSeconds: interval,
      workload: (s: number) => idleTree(SMALL_TREE, s),
      warmupSeconds: options.warmupSeconds,
      windowSeconds: options.windowSeconds,
    };
    const result = await alternate(groups, plan, options.runs, `cpu @${interval * 1000} ms`);
    const m = result.get(mine.name)!;
    const p = result.get(theirs.name);
    for (const c of groups.flat()) rows.push(row(interval, c.name, result.get(c.name)!, c === mine ? p : undefined));
    results.set(interval, { mine: m, theirs: p });
    if (interval === 0.01) judgePeriod(m, p);
  }
  printTable(
    `Own CPU and period, idle tree of ${SMALL_TREE} processes ` +
      `(median of ${options.runs} runs, ${options.windowSeconds} s windows after ${options.warmupSeconds} s)`,
    ['interval', 'process', 'own CPU % of a core', 'memprof / mprof', 'mean period ms', 'p95 period ms'],
    rows,
  );
  return results;
}

function row(interval: number, name: string, s: Summary, vsMprof: Summary | undefined): Cell[] {
  return [
    `${interval * 1000} ms`,
    name,
    fmt(s.cpuPercent, 2),
    vsMprof ? ratio(s.cpuPercent, vsMprof.cpuPercent) : '',
    fmt(s.meanMs, 2),
    fmt(s.p95Ms, 2),
  ];
}

function mprofPeriod(p: Summary): string {
  return `${fmt(p.meanMs, 2)} / ${fmt(p.p95Ms, 2)}`;
}

/** The period target: judged on the first window, where any start-up effect would show. */
function judgePeriod(m: Summary, p: Summary | undefined): void {
  targets.push({
    target: 'period @10 ms: mean within 2%, p95 < 12 ms',
    measured: `mean ${fmt(m.meanMs, 2)} ms, p95 ${fmt(m.p95Ms, 2)} ms${p ? ` (mprof ${mprofPeriod(p)})` : ''}`,
    met: Math.abs(m.meanMs - 10) <= 0.2 && m.p95Ms < 12,
  });
}
