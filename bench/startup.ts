// Start-up: wall time of `memprof run -- true` against `true`, `node -e 0` and `python3-mprof run true`,
// alternating, and which packages `run` imports (vega must not be among them).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from './lib/args.js';
import { MEMPROF_BIN, MPROF } from './lib/contenders.js';
import { median, wallMs } from './lib/proc.js';
import { fmt, printTable } from './lib/table.js';
import { targets } from './lib/targets.js';

const REPEATS = 15;

export function benchStartup(_options: BenchOptions, withMprof: boolean): void {
  const dir = mkdtempSync(join(tmpdir(), 'memprof-bench-'));
  try {
    // memprof never overwrites a recording: a new output file each time.
    const commands: Record<string, (i: number) => string[]> = {
      true: () => ['true'],
      'node -e 0': () => [process.execPath, '-e', '0'],
      'memprof run -- true': (i) => [
        process.execPath,
        MEMPROF_BIN,
        'run',
        '-q',
        '-o',
        join(dir, `a${i}.dat`),
        '--',
        'true',
      ],
      ...(withMprof
        ? { 'python3-mprof run true': (i: number) => [MPROF, 'run', '-o', join(dir, `b${i}.dat`), 'true'] }
        : {}),
    };
    const times = new Map<string, number[]>(Object.keys(commands).map((k) => [k, []]));
    for (let i = 0; i < REPEATS; i++) {
      for (const [name, argv] of Object.entries(commands)) times.get(name)!.push(wallMs(argv(i), dir));
    }
    const med = (name: string): number => median(times.get(name) ?? []);
    const base = med('true');
    const node = med('node -e 0');
    const mine = med('memprof run -- true');
    printTable(
      `Start-up wall time (median of ${REPEATS})`,
      ['command', 'wall ms', 'over `true` ms', 'over `node -e 0` ms'],
      [...times.keys()].map((name) => [name, fmt(med(name), 0), fmt(med(name) - base, 0), fmt(med(name) - node, 0)]),
    );
    const packages = loadedPackages(dir);
    console.log(`\npackages imported by \`memprof run -- true\`: ${packages.join(', ') || 'none'}`);
    const vegaLoaded = packages.some((p) => p.startsWith('vega'));
    // Judged as memprof's own cost beyond Node's start, which memprof cannot change and which varies a lot.
    targets.push({
      target: "`memprof run -- true` adds < 150 ms over Node's own start (`node -e 0`); no vega",
      measured:
        `+${fmt(mine - node, 0)} ms over node -e 0 (+${fmt(mine - base, 0)} over true); ` +
        `vega ${vegaLoaded ? 'loaded' : 'not loaded'}`,
      met: mine - node < 150 && !vegaLoaded,
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
