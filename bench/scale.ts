// Scaling: own CPU at 10 ms (-M -C) on a tree of 100 idle processes, with 0, 100 and 1,000 unrelated
// idle processes (bystanders) beside it: the cost should follow the tree, not the machine. Then churn:
// a tree whose children start and exit about 160 times a second.
import { readdirSync } from 'node:fs';
import type { BenchOptions } from './lib/args.js';
import { killGroup, ready, startGroup } from './lib/cleanup.js';
import { memprof, mprof, ROOT, type Contender } from './lib/contenders.js';
import { alternate, type Plan, type Summary } from './lib/measure.js';
import { fmt, printTable, ratio, type Cell } from './lib/table.js';
import { targets } from './lib/targets.js';
import { bystanders, churn, idleTree, LARGE_TREE } from './lib/workloads.js';

const FLAGS = ['-M', '-C'];
const INTERVAL = 0.01;
const CHURN_WORKERS = 4;

export async function benchScale(options: BenchOptions, withMprof: boolean): Promise<void> {
  const mine = memprof(FLAGS);
  const theirs = mprof(FLAGS);
  const groups: Contender[][] = [[mine], ...(withMprof ? [[theirs]] : [])];
  const plan = (workload: (s: number) => string[]): Plan => ({
    intervalSeconds: INTERVAL,
    workload,
    warmupSeconds: options.warmupSeconds,
    windowSeconds: options.windowSeconds,
  });
  const rows: Cell[][] = [];
  const mineByLevel: number[] = [];
  for (const extra of options.bystanders) {
    const result = await withBystanders(extra, () =>
      alternate(
        groups,
        plan((s) => idleTree(LARGE_TREE, s)),
        options.runs,
        `tree of ${LARGE_TREE} + ${extra} bystanders`,
      ),
    );
    rows.push(
      row(
        `tree of ${LARGE_TREE}, +${extra} idle processes (${result.machine} on the machine)`,
        result.value.get(mine.name)!,
        result.value.get(theirs.name),
      ),
    );
    mineByLevel.push(result.value.get(mine.name)!.cpuPercent);
  }
  const churned = await alternate(
    groups,
    plan((s) => churn(CHURN_WORKERS, s)),
    options.runs,
    'churn',
  );
  rows.push(
    row(`churn: ${CHURN_WORKERS} loops of short-lived sleep`, churned.get(mine.name)!, churned.get(theirs.name)),
  );
  printTable(
    `Scaling at ${INTERVAL * 1000} ms, -M -C (median of ${options.runs} runs)`,
    [
      'workload',
      'memprof CPU %',
      'mprof CPU %',
      'memprof / mprof',
      'memprof mean / p95 period ms',
      'mprof mean / p95 period ms',
    ],
    rows,
  );
  const worst = Math.max(...mineByLevel);
  targets.push({
    target: `own CPU, tree of ${LARGE_TREE} @10 ms: < 10%, flat in bystanders (${options.bystanders.join('/')})`,
    measured: mineByLevel.map((v) => `${fmt(v, 2)}%`).join(' / '),
    met: worst < 10 && worst - (mineByLevel[0] ?? worst) < 1,
  });
}

function row(label: string, m: Summary, p: Summary | undefined): Cell[] {
  return [
    label,
    fmt(m.cpuPercent, 2),
    fmt(p?.cpuPercent, 2),
    ratio(m.cpuPercent, p?.cpuPercent),
    `${fmt(m.meanMs, 2)} / ${fmt(m.p95Ms, 2)}`,
    p ? `${fmt(p.meanMs, 2)} / ${fmt(p.p95Ms, 2)}` : '–',
  ];
}

/** Run `body` while `n` bystanders are alive; they are killed afterwards, even on failure. */
async function withBystanders<T>(n: number, body: () => Promise<T>): Promise<{ value: T; machine: number }> {
  if (n === 0) return { value: await body(), machine: processCount() };
  const seconds = 3600; // killed explicitly below; the bound only matters if this harness is SIGKILLed
  const group = startGroup(bystanders(n, seconds), ROOT, true);
  try {
    await ready(group);
    const machine = processCount();
    return { value: await body(), machine };
  } finally {
    killGroup(group);
  }
}

function processCount(): number {
  return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;
}
