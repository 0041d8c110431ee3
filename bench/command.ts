// Any command as a CI job runs it, memprof beside mprof: both with -M -C, alternated, start-up to exit, at
// 10 ms and at 100 ms; the profiler process's own CPU and RSS (as the whole runs measure them) and the tree's
// peak each tool's file gives. Figures only, no target.
// Usage: node dist/bench/command.js [--runs N] -- command...   (e.g. -- npx tsc --noEmit -p .)
import { spawnSync } from 'node:child_process';
import { summarizeRun } from '../src/analysis/summary.js';
import { decodeDat } from '../src/format/decode.js';
import { hasMprof, memprof, mprof, type Contender } from './lib/contenders.js';
import { median } from './lib/proc.js';
import { fmt, printTable, ratio, type Cell } from './lib/table.js';
import { alternateWhole, wholeRun, type WholeRun } from './lib/whole-run.js';

const MiB = 1024 * 1024;
/** The whole-run harness stops a run this long past the workload's expected seconds: a generous bound. */
const EXPECTED_SECONDS = 600;
const USAGE = 'usage: node dist/bench/command.js [--runs N] -- command...';

function parseArgs(argv: string[]): { runs: number; command: string[] } {
  const dash = argv.indexOf('--');
  const own = dash < 0 ? argv : argv.slice(0, dash);
  const command = dash < 0 ? [] : argv.slice(dash + 1);
  const at = own.indexOf('--runs');
  const runs = at < 0 ? 3 : Number(own[at + 1]);
  if (command.length === 0 || !Number.isInteger(runs) || runs < 1) throw new Error(USAGE);
  return { runs, command };
}

/** The tree's peak as the tool's own file gives it (memprof's reader takes mprof's files too). */
function peakMiB(run: WholeRun): number {
  const rec = decodeDat(run.recording)[0];
  const peak = rec ? summarizeRun(rec).peakTotalBytes : null;
  return peak === null ? NaN : peak / MiB;
}

function rows(interval: number, runs: Map<string, WholeRun[]>, [mine, theirs]: Contender[]): Cell[][] {
  const of = (c: Contender | undefined, pick: (r: WholeRun) => number): number =>
    c ? median((runs.get(c.name) ?? []).map(pick)) : NaN;
  const cpu = (r: WholeRun): number => r.cpuSeconds;
  const rss = (r: WholeRun): number => Math.max(...r.rss.map(([, b]) => b)) / MiB;
  const label = `${interval * 1000} ms`;
  return [
    [
      `${label}: own CPU`,
      `${fmt(of(mine, cpu), 2)} s`,
      `${fmt(of(theirs, cpu), 2)} s`,
      ratio(of(mine, cpu), of(theirs, cpu)),
    ],
    [`${label}: own RSS, largest`, `${fmt(of(mine, rss), 1)} MiB`, `${fmt(of(theirs, rss), 1)} MiB`, ''],
    [
      `${label}: wall`,
      `${fmt(
        of(mine, (r) => r.wallSeconds),
        2,
      )} s`,
      `${fmt(
        of(theirs, (r) => r.wallSeconds),
        2,
      )} s`,
      '',
    ],
    [`${label}: the tree's peak (RSS)`, `${fmt(of(mine, peakMiB), 0)} MiB`, `${fmt(of(theirs, peakMiB), 0)} MiB`, ''],
  ];
}

/**
 * The command as the harness starts it: in this directory (each run's own is a fresh one, for its file),
 * after one run of its own that must succeed, which also warms the caches every profiled run then finds.
 */
function checked(command: string[]): string[] {
  const warm = spawnSync(command[0]!, command.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] });
  if (warm.error || warm.status !== 0)
    throw new Error(`\`${command.join(' ')}\` failed on its own (${warm.error?.message ?? `exit ${warm.status}`})`);
  return ['sh', '-c', 'cd "$0" && exec "$@"', process.cwd(), ...command];
}

async function main(): Promise<void> {
  const { runs, command: asked } = parseArgs(process.argv.slice(2));
  const command = checked(asked);
  const contenders = [memprof(['-M', '-C']), ...(hasMprof() ? [mprof(['-M', '-C'])] : [])];
  const table: Cell[][] = [];
  for (const interval of [0.01, 0.1]) {
    const done = await alternateWhole(contenders, runs, `${interval * 1000} ms`, (c) =>
      wholeRun(c, interval, command, EXPECTED_SECONDS),
    );
    table.push(...rows(interval, done, contenders));
  }
  printTable(
    `\`${asked.join(' ')}\`, -M -C, median of ${runs}, alternating`,
    ['', 'memprof', 'mprof 0.61', 'ratio'],
    table,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
