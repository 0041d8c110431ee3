import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// What runs side by side: memprof, mprof (python3-mprof samples in-process, so its pid is the one to
// measure) and four floors: a bare timer in Node and a bare sleep loop in Python at the same period (the
// part of a profiler's cost that is the machine's wake-up), and a minimal sampler in Node and in C (the
// wake-up plus the reads and the write that no /proc sampler can skip, with and without Node's runtime).

export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const MEMPROF_BIN = resolve(ROOT, 'bin', 'memprof.js');
export const MPROF = 'python3-mprof';

export interface Contender {
  name: string;
  /** The command line whose own process is measured; `out` is the .dat to write (profilers only). */
  argv: (interval: number, out: string, workload: string[], seconds: number) => string[];
  /** Whether it writes a recording with timestamps to read periods from. */
  records: boolean;
}

export function memprof(flags: string[]): Contender {
  return {
    name: `memprof ${flags.join(' ')}`.trim(),
    records: true,
    argv: (interval, out, workload) => [
      process.execPath,
      MEMPROF_BIN,
      'run',
      ...flags,
      '-T',
      String(interval),
      '-q',
      '-o',
      out,
      '--',
      ...workload,
    ],
  };
}

export function mprof(flags: string[]): Contender {
  return {
    name: `mprof ${flags.join(' ')}`.trim(),
    records: true,
    argv: (interval, out, workload) => [MPROF, 'run', ...flags, '-T', String(interval), '-o', out, ...workload],
  };
}

export const nodeFloor: Contender = {
  name: 'floor: node setInterval',
  records: false,
  argv: (interval, _out, _w, seconds) => [
    process.execPath,
    '-e',
    `setInterval(() => {}, ${interval * 1000}); setTimeout(() => process.exit(0), ${seconds * 1000});`,
  ],
};

export const pythonFloor: Contender = {
  name: 'floor: python time.sleep',
  records: false,
  argv: (interval, _out, _w, seconds) => [
    'python3',
    '-c',
    `import time\nend = time.time() + ${seconds}\nwhile time.time() < end:\n    time.sleep(${interval})`,
  ],
};

/** The least a /proc sampler in Node does per tick (bench/lib/floor-sampler.ts): its cost is the machine's. */
export function samplerFloor(mode: 'timer' | 'worker'): Contender {
  return {
    name: `floor: minimal Node sampler (${mode === 'timer' ? 'setTimeout' : 'worker, Atomics.wait'})`,
    records: true,
    argv: (interval, out, workload) => [
      process.execPath,
      resolve(ROOT, 'dist', 'bench', 'lib', 'floor-sampler.js'),
      mode,
      String(interval),
      out,
      '--',
      ...workload,
    ],
  };
}

/**
 * The same minimal sampler in C (bench/lib/floor-sampler.c), compiled with the machine's `cc`: what a sampler
 * pays with no runtime of its own. Null, with the reason, when there is no compiler.
 */
export function nativeSamplerFloor(): { floor: Contender } | { missing: string } {
  const binary = resolve(ROOT, 'dist', 'bench', 'floor-sampler-c');
  const built = spawnSync('cc', ['-O2', '-o', binary, resolve(ROOT, 'bench', 'lib', 'floor-sampler.c')], {
    encoding: 'utf8',
  });
  if (built.error || built.status !== 0)
    return { missing: `no C floor: cc ${built.error ? 'not found' : `failed: ${built.stderr.trim()}`}` };
  return {
    floor: {
      name: 'floor: minimal C sampler (clock_nanosleep)',
      records: true,
      argv: (interval, out, workload) => [binary, String(interval), out, '--', ...workload],
    },
  };
}

/** Whether python3-mprof is installed (the harness installs nothing; mprof columns are left out without it). */
export function hasMprof(): boolean {
  return spawnSync(MPROF, ['peak', '--help'], { stdio: 'ignore' }).status === 0;
}
