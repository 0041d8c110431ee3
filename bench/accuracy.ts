// Accuracy against ground truth, memprof beside mprof (python3-mprof run -M) on the same workloads:
// 40 short-lived children (~30 ms, 4 MiB each) and a copy-on-write tree (parent fills 200 MiB, 4 workers
// read it and add 20 MiB each). Usage: node dist/bench/accuracy.js [repeats=3]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarizeRun } from '../src/analysis/summary.js';
import { decodeDat } from '../src/format/decode.js';
import type { Recording } from '../src/format/types.js';
import { median } from './lib/proc.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const BIN = join(ROOT, 'bin', 'memprof.js');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const MPROF = spawnSync('sh', ['-c', 'command -v python3-mprof'], { encoding: 'utf8' }).stdout.trim() || null;
const repeats = Number(process.argv[2] ?? 3);
const MiB = 1024 * 1024;

type Profiler = 'memprof' | 'mprof';

/** Record `python3 <script> <args>` with a profiler into a fresh directory; returns the recording and the report. */
function record(
  profiler: Profiler,
  flags: string[],
  script: string,
  args: string[],
  env: string,
): { rec: Recording; report: string } {
  const dir = mkdtempSync(join(tmpdir(), 'memprof-accuracy-'));
  const out = join(dir, 'out.dat');
  const report = join(dir, 'report');
  const cmd = [PYTHON, join(FIXTURES, script), ...args];
  const argv =
    profiler === 'memprof'
      ? [process.execPath, BIN, 'run', '-q', ...flags, '-o', out, ...cmd]
      : [MPROF!, 'run', ...flags, '-o', out, ...cmd];
  const run = spawnSync(argv[0]!, argv.slice(1), {
    cwd: dir,
    env: { ...process.env, [env]: report },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`${profiler} failed: ${run.stderr}`);
  const rec = decodeDat(readFileSync(out, 'utf8'), out)[0]!;
  const text = existsSync(report) ? readFileSync(report, 'utf8') : '';
  rmSync(dir, { recursive: true, force: true });
  return { rec, report: text };
}

const pct = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;
const worst = (xs: number[]): number => xs.reduce((w, x) => (Math.abs(x) > Math.abs(w) ? x : w), 0);

interface Child {
  pid: number;
  hwm: number;
  touched: number;
}

/** Children recorded with a non-zero sample, and each one's sampled-peak and HWM error against its own VmHWM. */
function shortLived(profiler: Profiler): string {
  const caught: number[] = [];
  const peakErr: number[] = [];
  const hwmErr: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const { rec, report } = record(profiler, ['-M'], 'short_lived.py', ['40', '30', '4', '50'], 'SHORT_REPORT');
    const children = report
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Child);
    let n = 0;
    for (const c of children) {
      const p = rec.processes.find((r) => r.pid === c.pid && r.samples.v.some((v) => v > 0));
      if (!p) continue;
      n++;
      peakErr.push((Math.max(...p.samples.v) / c.hwm - 1) * 100);
      if (p.hwmBytes !== null) hwmErr.push((p.hwmBytes / c.hwm - 1) * 100);
    }
    caught.push(n);
  }
  const hwm = hwmErr.length
    ? `; kernel HWM error median ${pct(median(hwmErr))}, worst ${pct(worst(hwmErr))}`
    : '; no HWM';
  const recorded = caught.map((n) => `${n}/40`).join(', ');
  return (
    `${profiler.padEnd(7)} recorded ${recorded}; sampled peak error median ${pct(median(peakErr))}, ` +
    `worst ${pct(worst(peakErr))}${hwm}`
  );
}

/** The tree total's peak against what the copy-on-write pool really used (parent + shared + workers' own). */
function cow(profiler: Profiler, flags: string[], label: string): string {
  const totals: number[] = [];
  const uppers: number[] = [];
  let truth = 0;
  for (let i = 0; i < repeats; i++) {
    const { rec, report } = record(profiler, flags, 'cow_pool.py', ['200', '4', '20', '1000'], 'COW_REPORT');
    const r = JSON.parse(report) as { baseline: number; shared: number; workers: number; own: number };
    truth = r.baseline + r.shared + r.workers * r.own;
    const run = summarizeRun(rec);
    totals.push(run.peakTotalBytes ?? NaN);
    if (run.peakTotalUpperBoundBytes !== null) uppers.push(run.peakTotalUpperBoundBytes);
  }
  const t = median(totals);
  const upper = uppers.length ? `, HWM upper bound ${(median(uppers) / MiB).toFixed(0)} MiB` : '';
  const total = `total peak ${(t / MiB).toFixed(0).padStart(5)} MiB`;
  return `${label.padEnd(34)} ${total} vs ${(truth / MiB).toFixed(0)} MiB used (${pct((t / truth - 1) * 100)})${upper}`;
}

console.log(
  `Short-lived children: 40 forked children, each ~30 ms and 4 MiB, one every 50 ms; default settings, ${repeats} runs`,
);
console.log(`  ${shortLived('memprof')}`);
if (MPROF) console.log(`  ${shortLived('mprof')}`);
console.log(`Copy-on-write tree: parent fills 200 MiB, 4 workers read it and add 20 MiB each (median of ${repeats})`);
for (const m of ['rss', 'pss', 'uss'])
  console.log(`  ${cow('memprof', ['-M', '-C', '--metric', m], `memprof -M -C --metric ${m}`)}`);
if (MPROF) {
  console.log(`  ${cow('mprof', ['-M'], 'mprof run -M')}`);
  console.log(`  ${cow('mprof', ['-M', '--backend', 'psutil_pss'], 'mprof run -M --backend psutil_pss')}`);
}
if (!MPROF) console.log('  (python3-mprof not found: mprof columns skipped; apt-get install python3-memory-profiler)');
