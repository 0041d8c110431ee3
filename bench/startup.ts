// Start-up: wall time and CPU (user + system of the whole tree) of `memprof run -q -- true` against `true`,
// `node -e 0` and `python3-mprof run true`, alternating, and which packages `run` imports (vega must not be
// among them). Where NODE_EXTRA_CA_CERTS is set, `node -e 0` and memprof are timed without it too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from './lib/args.js';
import { MEMPROF_BIN, MPROF } from './lib/contenders.js';
import { median, type Outputs, treeTimes, type TreeTimes } from './lib/proc.js';
import { fmt, printTable, ratio } from './lib/table.js';
import { targets } from './lib/targets.js';

const REPEATS = 31;
const NODE = 'node -e 0';
const MEMPROF = 'memprof run -q -- true';
/** The targets, judged against Node's own start, which memprof cannot change and which varies a lot. */
const MAX_CPU_RATIO = 1.3;
const MAX_WALL_OVER_MS = 40;
/** Where it is set, Node parses this bundle of certificates at every start: most of `node -e 0`'s CPU. */
const CA_VARIABLE = 'NODE_EXTRA_CA_CERTS';
const NO_CA = ` (without ${CA_VARIABLE})`;
/** stdout and stderr on pipes, as a CI runner gives them (elsewhere /dev/null). */
const ON_PIPES = ' (stdout, stderr on pipes)';

export function benchStartup(_options: BenchOptions, withMprof: boolean): void {
  const dir = mkdtempSync(join(tmpdir(), 'memprof-bench-'));
  try {
    // memprof never overwrites a recording: a new output file each time.
    const commands: Record<string, (i: number) => string[]> = {
      true: () => ['true'],
      [NODE]: () => [process.execPath, '-e', '0'],
      [MEMPROF]: (i) => [process.execPath, MEMPROF_BIN, 'run', '-q', '-o', join(dir, `a${i}.dat`), '--', 'true'],
      ...(withMprof
        ? { 'python3-mprof run true': (i: number) => [MPROF, 'run', '-o', join(dir, `b${i}.dat`), 'true'] }
        : {}),
    };
    // Both as this environment has it and without the certificates, which change the ratio more than memprof does.
    const withoutCa = process.env[CA_VARIABLE] ? { ...process.env, [CA_VARIABLE]: undefined } : null;
    const timed: Array<[string, (i: number) => string[], NodeJS.ProcessEnv, Outputs]> = Object.entries(commands).map(
      ([name, argv]) => [name, argv, process.env, 'null'],
    );
    timed.push([NODE + ON_PIPES, commands[NODE]!, process.env, 'pipes']);
    timed.push([MEMPROF + ON_PIPES, (i) => commands[MEMPROF]!(i + 2 * REPEATS), process.env, 'pipes']);
    if (withoutCa) {
      timed.push([NODE + NO_CA, commands[NODE]!, withoutCa, 'null']);
      timed.push([MEMPROF + NO_CA, (i) => commands[MEMPROF]!(i + REPEATS), withoutCa, 'null']);
    }
    const runs = new Map<string, TreeTimes[]>(timed.map(([name]) => [name, []]));
    for (let i = 0; i < REPEATS; i++) {
      for (const [name, argv, env, outputs] of timed) runs.get(name)!.push(treeTimes(argv(i), dir, env, outputs));
    }
    const baseOf = (name: string): string =>
      name.endsWith(NO_CA) ? NODE + NO_CA : name.endsWith(ON_PIPES) ? NODE + ON_PIPES : NODE;
    const wall = (name: string): number => median((runs.get(name) ?? []).map((r) => r.wallMs));
    const cpu = (name: string): number => median((runs.get(name) ?? []).map((r) => r.cpuMs));
    // The machine's speed drifts by tens of percent between seconds: each round's own ratio, memprof's CPU
    // over that of the `node -e 0` just before it, is the steadier figure; the target must hold on both.
    const pairedRatio = (name: string): number => {
      const own = runs.get(name) ?? [];
      const base = runs.get(baseOf(name)) ?? [];
      return median(own.map((r, i) => r.cpuMs / (base[i]?.cpuMs ?? NaN)));
    };
    printTable(
      `Start-up: wall and CPU (user + system, the whole tree), median of ${REPEATS}, alternating`,
      [
        'command',
        'wall ms',
        'wall over `node -e 0` ms',
        'CPU ms',
        'CPU / `node -e 0`',
        "median of the rounds' CPU ratios",
      ],
      [...runs.keys()].map((name) => [
        name,
        fmt(wall(name), 0),
        fmt(wall(name) - wall(baseOf(name)), 0),
        fmt(cpu(name), 0),
        ratio(cpu(name), cpu(baseOf(name))),
        `${fmt(pairedRatio(name), 2)}x`,
      ]),
    );
    const packages = loadedPackages(dir);
    console.log(`\npackages imported from node_modules by \`${MEMPROF}\`: ${packages.join(', ') || 'none'}`);
    const vegaLoaded = packages.some((p) => p.startsWith('vega'));
    // Judged on the worse of the two figures, with the outputs on /dev/null and on pipes.
    const onPipes = MEMPROF + ON_PIPES;
    const cpuRatio = Math.max(
      cpu(MEMPROF) / cpu(NODE),
      pairedRatio(MEMPROF),
      cpu(onPipes) / cpu(NODE + ON_PIPES),
      pairedRatio(onPipes),
    );
    const pipes =
      `; on pipes: ${fmt(cpu(onPipes), 0)} against ${fmt(cpu(NODE + ON_PIPES), 0)} ms, ` +
      `${ratio(cpu(onPipes), cpu(NODE + ON_PIPES))} (rounds: ${fmt(pairedRatio(onPipes), 2)}x)`;
    const noCa = withoutCa
      ? `; without ${CA_VARIABLE}: ${fmt(cpu(MEMPROF + NO_CA), 0)} against ${fmt(cpu(NODE + NO_CA), 0)} ms, ` +
        `${ratio(cpu(MEMPROF + NO_CA), cpu(NODE + NO_CA))}, wall +${fmt(wall(MEMPROF + NO_CA) - wall(NODE + NO_CA), 0)} ms`
      : '';
    const wallOverOnPipes = wall(onPipes) - wall(NODE + ON_PIPES);
    const wallOver = Math.max(wall(MEMPROF) - wall(NODE), wallOverOnPipes);
    targets.push({
      target: `\`${MEMPROF}\`: CPU ≤ ${MAX_CPU_RATIO}x \`${NODE}\`'s; no vega`,
      measured: `${fmt(cpu(MEMPROF), 0)} ms against ${fmt(cpu(NODE), 0)} ms: ${ratio(cpu(MEMPROF), cpu(NODE))} (rounds: ${fmt(pairedRatio(MEMPROF), 2)}x); vega ${vegaLoaded ? 'loaded' : 'not loaded'}${pipes}${noCa}`,
      met: cpuRatio <= MAX_CPU_RATIO && !vegaLoaded,
    });
    targets.push({
      target: `\`${MEMPROF}\`: wall ≤ \`${NODE}\`'s + ${MAX_WALL_OVER_MS} ms`,
      measured:
        `+${fmt(wall(MEMPROF) - wall(NODE), 0)} ms (${fmt(wall(MEMPROF), 0)} against ${fmt(wall(NODE), 0)} ms); ` +
        `on pipes +${fmt(wallOverOnPipes, 0)} ms`,
      met: wallOver <= MAX_WALL_OVER_MS,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function loadedPackages(dir: string): string[] {
  const hooks = fileURLToPath(new URL('./lib/load-hooks.js', import.meta.url));
  const r = spawnSync(
    process.execPath,
    ['--import', hooks, MEMPROF_BIN, 'run', '-q', '-o', join(dir, 'c.dat'), '--', 'true'],
    { cwd: dir, encoding: 'utf8' },
  );
  return [...r.stderr.matchAll(/^memprof-bench-load (.+)$/gm)].map((m) => m[1]!).sort();
}
