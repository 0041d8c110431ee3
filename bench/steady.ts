// Own CPU on the idle tree of 5 once start-up has settled (seconds 30-90), memprof and mprof alternately,
// two runs each (a run is 91 s; run together on 2 cores they slowed each other). The same runs measure the
// first window (seconds 2-12) too, so the table shows how much of that window is one-time cost: the
// JIT's first compilations and V8's memory reducer, which collects the main thread's start-up heap once,
// a few seconds in. The CPU targets are rates and are judged here (lib/cpu-targets.ts).
import type { BenchOptions } from './lib/args.js';
import { memprof, mprof } from './lib/contenders.js';
import type { CpuResults } from './lib/cpu-targets.js';
import { alternate } from './lib/measure.js';
import { fmt, printTable, ratio, type Cell } from './lib/table.js';
import { idleTree, SMALL_TREE } from './lib/workloads.js';

const INTERVALS = [0.01, 0.1];

export async function benchSteady(options: BenchOptions, withMprof: boolean): Promise<CpuResults | null> {
  if (options.steady === null) return null;
  const mine = memprof(['-M', '-C']);
  const theirs = mprof(['-M', '-C']);
  const contenders = [mine, ...(withMprof ? [theirs] : [])];
  const runs = Math.min(options.runs, 2);
  const firstWindow = { warmupSeconds: options.warmupSeconds, windowSeconds: options.windowSeconds };
  const rows: Cell[][] = [];
  const results: CpuResults = new Map();
  for (const interval of INTERVALS) {
    const plan = {
      intervalSeconds: interval,
      workload: (s: number) => idleTree(SMALL_TREE, s),
      ...options.steady,
      firstWindow,
    };
    const result = await alternate(
      contenders.map((c) => [c]),
      plan,
      runs,
      `steady cpu @${interval * 1000} ms`,
    );
    const p = result.get(theirs.name);
    results.set(interval, { mine: result.get(mine.name)!, theirs: p });
    for (const c of contenders) {
      const s = result.get(c.name)!;
      rows.push([
        `${interval * 1000} ms`,
        c.name,
        fmt(s.cpuPercent, 3),
        c === mine && p ? ratio(s.cpuPercent, p.cpuPercent) : '',
        fmt(s.firstCpuPercent, 3),
        fmt(s.oneOffMs, 0),
      ]);
    }
  }
  const { warmupSeconds: from, windowSeconds: span } = options.steady;
  const first = `seconds ${firstWindow.warmupSeconds}-${firstWindow.warmupSeconds + firstWindow.windowSeconds}`;
  printTable(
    `Steady state: own CPU, idle tree of ${SMALL_TREE}, seconds ${from}-${from + span}, ` +
      `alternately (median of ${runs} runs)`,
    [
      'interval',
      'process',
      'own CPU % of a core',
      'memprof / mprof',
      `${first} of the same runs`,
      `one-time cost in ${first}, ms`,
    ],
    rows,
  );
  return results;
}
