import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PYTHON } from '../helpers/accuracy.js';
import { alive, memprof, tempDir, waitFor } from '../helpers/memprof.js';
import { ESCAPED, HOLDERS, runShapes } from '../helpers/shapes.js';
import type { HolderReport, PeakProcess, ShapesRun } from '../helpers/shapes.js';
import { runTree } from '../helpers/tree.js';
import type { Metric } from '../../src/format/types.js';
import { MiB } from '../../src/units.js';

// Acceptance test on the shapes of real programs (test/fixtures/shapes/): one tree, recorded once per
// metric, all three at once; what each holder read in its own smaps_rollup is the truth.

const noPython = PYTHON ? false : 'needs /usr/bin/python3 (the daemon forks without exec)';
const METRICS: Metric[] = ['rss', 'pss', 'uss'];
const TOLERANCE = 0.05;
/** A holder's readings and memprof's are ms apart, and PSS moves whenever a process anywhere maps node. */
const PROCESS_SLACK = 2 * MiB;
/** The processes that do not report (the shim's version query, the daemon's launcher and middle process,
 *  the detached child's parent) have ended before any holder allocates: one small allowance covers them. */
const TOTAL_SLACK = 3 * MiB;
const TITLE = 'shape-worker [busy]';
const UTF8_ARGS = ['café', '日本'];

const runs = new Map(METRICS.map((m) => [m, PYTHON ? runShapes(m) : null]));

// Started with the corpus, so the file takes as long as its slowest run.
const ALLOC_50 = 'const b = Buffer.alloc(50 * 2 ** 20, 1); setTimeout(() => b.length, 100)';
const quick = memprof(['run', '--max-peak', '1GiB', '-o', 'true.dat', '--', 'true'], { cwd: tempDir() });
const overTiny = memprof(
  ['run', '--max-peak', '1KiB', '-M', '-o', 'alloc.dat', '--', process.execPath, '-e', ALLOC_50],
  { cwd: tempDir() },
);
const childOver = runTree({ name: 'parent', children: [{ name: 'child', alloc: 80, hold: 800 }] }, [
  '--max-peak',
  '60MiB',
]);

const mib = (bytes: number): string => (bytes / MiB).toFixed(1);
const shapesTest = (name: string, fn: () => Promise<void>): void => {
  test(`shapes ${name}`, { skip: noPython }, fn);
};

/** The run of a metric, and every holder's report: the corpus itself must have worked. */
async function corpus(metric: Metric): Promise<{ run: ShapesRun; reports: Map<string, HolderReport> }> {
  const run = (await runs.get(metric))!;
  assert.equal(run.result.code, 0, `memprof run: ${run.result.stderr}`);
  const reports = new Map(run.reports.map((r) => [r.name, r]));
  assert.deepEqual([...reports.keys()].sort(), [...HOLDERS].sort(), 'every holder of the corpus reported');
  assert.ok(run.recording && run.peak, `no recording or peak --json: ${run.peakResult?.stderr ?? run.result.stderr}`);
  return { run, reports };
}

/** The process of a pid in `peak --json` (the largest, if the pid shows more than once). */
function peakOf(run: ShapesRun, pid: number): PeakProcess | null {
  return run.peak!.processes.filter((p) => p.pid === pid).sort((a, b) => b.peakBytes - a.peakBytes)[0] ?? null;
}

/** How memprof shows a pid: in `peak --json`, or (when it was not sampled) in the recording's process line. */
function commandOf(run: ShapesRun, pid: number): string {
  const recorded = run.recording!.processes.find((p) => p.pid === pid);
  return peakOf(run, pid)?.command ?? recorded?.command ?? '(not recorded)';
}

/** In the recording by pid, with a sample: peak --json lists only processes sampled above 0 (under -C the
 *  main process's own series is MEM less its descendants, so it has no samples of its own in the file). */
function sampled(run: ShapesRun, pid: number): boolean {
  return run.recording!.processes.some((p) => p.pid === pid) && (peakOf(run, pid)?.peakBytes ?? 0) > 0;
}

/** Holders whose peak is not within what they read themselves (low..high), give or take 5% and the slack. */
function peakProblems(run: ShapesRun, holders: HolderReport[], metric: Metric): string[] {
  const problems: string[] = [];
  for (const h of holders) {
    const own = `own ${mib(h.low[metric])}..${mib(h.high[metric])} MiB`;
    const peak = sampled(run, h.pid) ? peakOf(run, h.pid)!.peakBytes : null;
    const lowest = h.low[metric] * (1 - TOLERANCE) - PROCESS_SLACK;
    const highest = h.high[metric] * (1 + TOLERANCE) + PROCESS_SLACK;
    if (peak === null) problems.push(`${h.name} (pid ${h.pid}): not sampled (${own})`);
    else if (peak < lowest || peak > highest) problems.push(`${h.name} (pid ${h.pid}): peak ${mib(peak)} MiB, ${own}`);
  }
  return problems;
}

const inSession = (reports: Map<string, HolderReport>): HolderReport[] =>
  [...reports.values()].filter((h) => !ESCAPED.includes(h.name));

for (const metric of METRICS) {
  const label = metric.toUpperCase();

  shapesTest(`${label}: every holder in the command's session is in the recording by pid, with a sample`, async () => {
    const { run, reports } = await corpus(metric);
    const missing = inSession(reports).filter((h) => !sampled(run, h.pid));
    assert.deepEqual(
      missing.map((h) => `${h.name} (pid ${h.pid})`),
      [],
    );
  });

  shapesTest(`${label}: each holder's peak is within 5% of what it read in its own smaps_rollup`, async () => {
    const { run, reports } = await corpus(metric);
    assert.deepEqual(peakProblems(run, inSession(reports), metric), []);
  });

  shapesTest(`${label}: the daemon (fork, setsid, fork) and the detached child are found, at their size`, async () => {
    const { run, reports } = await corpus(metric);
    assert.deepEqual(
      peakProblems(
        run,
        ESCAPED.map((name) => reports.get(name)!),
        metric,
      ),
      [],
    );
  });

  shapesTest(`${label}: the tree's peak total is within 5% of the sum of what the holders read`, async () => {
    const { run, reports } = await corpus(metric);
    const sum = (key: 'low' | 'high'): number => [...reports.values()].reduce((total, h) => total + h[key][metric], 0);
    const total = run.peak!.peakTotalBytes ?? 0;
    // The lows are what the holders held all at once; PSS rises as sharers elsewhere end, up to the highs.
    const lowest = sum('low') * (1 - TOLERANCE) - TOTAL_SLACK;
    const highest = sum('high') * (1 + TOLERANCE) + TOTAL_SLACK;
    const own = `holders ${mib(sum('low'))}..${mib(sum('high'))} MiB`;
    assert.ok(total >= lowest && total <= highest, `peak total ${mib(total)} MiB, ${own}`);
  });

  shapesTest(`${label}: a process that set its title is shown by its title`, async () => {
    const { run, reports } = await corpus(metric);
    const titled = reports.get('worker-titled')!;
    assert.deepEqual(titled.argv, [TITLE], 'premise: the kernel shows the title');
    assert.match(commandOf(run, titled.pid), /^'?shape-worker \[busy\]'?$/);
  });

  shapesTest(`${label}: UTF-8 arguments are shown exactly`, async () => {
    const { run, reports } = await corpus(metric);
    const native = reports.get('native')!;
    assert.deepEqual(native.argv.slice(-2), UTF8_ARGS, 'premise: the kernel shows the UTF-8 arguments');
    const command = commandOf(run, native.pid);
    for (const arg of UTF8_ARGS) assert.ok(command.includes(arg), `${arg} in ${JSON.stringify(command)}`);
  });
}

test('budget: a command that ends before the first tick passes a budget it cannot exceed', async () => {
  const result = await quick;
  assert.equal(result.code, 0, result.stderr);
});

test('budget: the verdict on a command that ends before the first tick names the budget it judged', async () => {
  const result = await quick;
  assert.match(result.stderr, /--max-peak 1(\.00)? ?GiB/, result.stderr);
});

test('budget: -M, a process over --max-peak 1KiB exits 3', async () => {
  const result = await overTiny;
  assert.equal(result.code, 3, result.stderr);
  assert.match(result.stderr, /over budget/);
});

test('budget: without -M or -C the budget judges the whole tree: a child holding 80 MiB is over 60 MiB', async () => {
  const run = await childOver;
  const events = run.events();
  const parent = events.find((e) => e.name === 'parent' && e.baseline !== undefined)!;
  assert.ok(parent.baseline! < 60 * MiB, `premise: the parent alone (${mib(parent.baseline!)} MiB) is under budget`);
  const child = events.find((e) => e.name === 'child' && e.allocated !== undefined);
  assert.equal(child?.allocated, 80 * MiB, 'premise: the child held 80 MiB');
  assert.equal(run.result.code, 3, run.result.stderr);
});

test('shapes: no process of the corpus is left behind', { skip: noPython }, async () => {
  const shapes = (await Promise.all([...runs.values()])).flatMap((r) => r!.pids);
  assert.ok(shapes.length >= HOLDERS.length * METRICS.length, `learned ${shapes.length} pids`);
  const pids = [...shapes, ...(await childOver).events().map((e) => e.pid)];
  const ended = await waitFor(() => !pids.some(alive), 5_000, 'the corpus to end').then(
    () => true,
    () => false,
  );
  const left = ended ? [] : pids.filter(alive);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  assert.deepEqual(left, [], 'pids still running, now killed');
});
