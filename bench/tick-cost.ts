// What one tick costs, and what the rest of a run costs, as a CI job's short run pays them: memprof and the
// floors on the idle tree, alternated. A tick's CPU is the slope of the run's own CPU (read every 50 ms)
// between two instants past its start-up; the rest is the whole run's CPU less its ticks at that rate. The
// runs are under a thousand ticks, so memprof ticks on its main thread's timers, as a short run does.
// Usage: node dist/bench/tick-cost.js [--runs N]
import { memprof, nativeSamplerFloor, samplerFloor, type Contender } from './lib/contenders.js';
import { median } from './lib/proc.js';
import { fmt, printTable, type Cell } from './lib/table.js';
import { alternateWhole, wholeRun, type WholeRun } from './lib/whole-run.js';
import { idleTree, SMALL_TREE } from './lib/workloads.js';

const RUN_SECONDS = 8;
/** A tick's CPU is the slope between these instants of a run: past its start-up, before its end. */
const FROM_SECONDS = 1.5;
const TO_SECONDS = 7.5;
const USAGE = 'usage: node dist/bench/tick-cost.js [--runs N]';

function parseRuns(argv: string[]): number {
  if (argv.length === 0) return 3;
  const runs = Number(argv[1]);
  if (argv.length !== 2 || argv[0] !== '--runs' || !Number.isInteger(runs) || runs < 1) throw new Error(USAGE);
  return runs;
}

/** One row a contender: its CPU over each length, a tick's CPU, and the fixed part. */
/** The run's CPU at `t` seconds from its start: the last reading at or before it. */
function cpuAt(run: WholeRun, t: number): number {
  let at = NaN;
  for (const [when, seconds] of run.cpu) if (when <= t) at = seconds;
  return at;
}

/** One row a contender: its whole run's CPU, a tick's CPU (the slope between two instants), the rest. */
async function rowsAt(interval: number, contenders: Contender[], runs: number): Promise<Cell[][]> {
  const done = await alternateWhole(contenders, runs, `${interval * 1000} ms`, (c) =>
    wholeRun(c, interval, idleTree(SMALL_TREE, RUN_SECONDS), RUN_SECONDS),
  );
  const ticksBetween = (TO_SECONDS - FROM_SECONDS) / interval;
  return contenders.map((c) => {
    const all = done.get(c.name)!;
    const whole = median(all.map((r) => r.cpuSeconds));
    const tick = median(all.map((r) => (cpuAt(r, TO_SECONDS) - cpuAt(r, FROM_SECONDS)) / ticksBetween));
    return [
      `${interval * 1000} ms: ${c.name}`,
      `${fmt(whole, 3)} s`,
      `${fmt(tick * 1e6, 0)} µs`,
      `${fmt(whole - tick * (RUN_SECONDS / interval), 3)} s`,
    ];
  });
}

async function main(): Promise<void> {
  const runs = parseRuns(process.argv.slice(2));
  const native = nativeSamplerFloor();
  if (!('floor' in native)) process.stderr.write(`${native.missing}\n`);
  const contenders = [memprof(['-M', '-C']), samplerFloor('timer'), ...('floor' in native ? [native.floor] : [])];
  const table: Cell[][] = [];
  for (const interval of [0.01, 0.1]) table.push(...(await rowsAt(interval, contenders, runs)));
  printTable(
    `A tick's CPU, idle tree of ${SMALL_TREE}, -M -C, median of ${runs}, alternating`,
    ['', `whole run, ${RUN_SECONDS} s`, `a tick (seconds ${FROM_SECONDS}-${TO_SECONDS})`, 'the rest (start-up, exit)'],
    table,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
