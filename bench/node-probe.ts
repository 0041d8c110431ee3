// What memprof's Node probe costs the program it watches: `node dist/bench/node-probe.js [runs=3] [seconds=6]`
// after `npm run build`. Each workload runs under `memprof run -M` with the probe (the default) and with
// --no-node, alternating. An idle workload's own CPU (its threads' schedstat run time over a window after a
// second of warm-up) and its RSS at the end of the window are read from outside; a busy one does a fixed
// amount of work and reports the CPU it took (process.cpuUsage). Then the start of one Node process with
// and without the probe (`node -e 0`, the whole tree's CPU by wait4), and memprof's own start
// (`run -q -- true`), which makes the channel's FIFO either way.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MEMPROF_BIN } from './lib/contenders.js';
import { cpuSeconds, exited, median, rssBytes, sleep, treeTimes } from './lib/proc.js';
import { fmt, printTable } from './lib/table.js';

const [runs = 3, seconds = 6] = process.argv.slice(2).map(Number);
const WARMUP_MS = 1000;

/** Each workload writes its pid to argv[2] and lives `seconds`, so the harness reads it from outside. */
const WORKLOADS: Record<string, string> = {
  'idle (a 100 ms timer)': 'setInterval(() => {}, 100);',
  'idle, 200 MiB of JS objects, 2 worker threads':
    "const { Worker } = require('node:worker_threads');" +
    'globalThis.kept = Array.from({ length: 2e6 }, (_, i) => ({ i, s: String(i) }));' +
    "for (let k = 0; k < 2; k++) new Worker('setInterval(() => {}, 100)', { eval: true }).unref();" +
    'setInterval(() => {}, 100);',
};

/** Fixed work: 40 rounds of 250,000 short-lived objects, yielding to the event loop between rounds. */
const BUSY =
  'let round = 0; const work = () => { for (let i = 0; i < 25e4; i++) ({ i, s: "x" + i });' +
  ' if (++round < 40) return setImmediate(work); const c = process.cpuUsage();' +
  " require('node:fs').writeFileSync(process.argv[2] + '.cpu', String((c.user + c.system) / 1000)); }; work();";

interface Sample {
  cpuPercent: number;
  rssMiB: number;
}

async function underMemprof(body: string, node: boolean, dir: string, n: number): Promise<Sample> {
  const pidFile = join(dir, `pid${n}`);
  const script = join(dir, `w${n}.js`);
  writeFileSync(script, `require('node:fs').writeFileSync(process.argv[2], String(process.pid));${body}`);
  const argv = [MEMPROF_BIN, 'run', '-M', '-q', '-t', String(seconds), '-o', join(dir, `r${n}.dat`)];
  const child = spawn(process.execPath, [...argv, ...(node ? [] : ['--no-node']), 'node', script, pidFile], {
    stdio: 'ignore',
  });
  let pid = NaN;
  while (!Number.isFinite(pid)) {
    await sleep(20);
    try {
      pid = Number(readFileSync(pidFile, 'utf8')) || NaN;
    } catch {
      /* not yet */
    }
  }
  await sleep(WARMUP_MS);
  const from = cpuSeconds(pid);
  const windowMs = (seconds - 2) * 1000;
  await sleep(windowMs);
  const sample = { cpuPercent: ((cpuSeconds(pid) - from) / (windowMs / 1000)) * 100, rssMiB: rssBytes(pid) / 2 ** 20 };
  await exited(child);
  return sample;
}

/** The busy workload's CPU for its fixed work, in ms, under memprof with or without the probe. */
async function busyCpuMs(node: boolean, dir: string, n: number): Promise<number> {
  const pidFile = join(dir, `pid${n}`);
  const script = join(dir, `w${n}.js`);
  writeFileSync(script, BUSY);
  const argv = [MEMPROF_BIN, 'run', '-M', '-q', '-o', join(dir, `r${n}.dat`), ...(node ? [] : ['--no-node'])];
  await exited(spawn(process.execPath, [...argv, 'node', script, pidFile], { stdio: 'ignore' }));
  return Number(readFileSync(`${pidFile}.cpu`, 'utf8'));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'memprof-probe-bench-'));
  let n = 0;
  try {
    const rows: string[][] = [];
    for (const [name, body] of Object.entries(WORKLOADS)) {
      const on: Sample[] = [];
      const off: Sample[] = [];
      for (let r = 0; r < runs; r++) {
        on.push(await underMemprof(body, true, dir, n++));
        off.push(await underMemprof(body, false, dir, n++));
      }
      const cpu = (s: Sample[]) => median(s.map((x) => x.cpuPercent));
      const rss = (s: Sample[]) => median(s.map((x) => x.rssMiB));
      rows.push([
        name,
        fmt(cpu(off), 2, '%'),
        fmt(cpu(on), 2, '%'),
        fmt(cpu(on) - cpu(off), 2, '%'),
        fmt(rss(off), 1),
        fmt(rss(on), 1),
        fmt(rss(on) - rss(off), 1),
      ]);
    }
    const busyOn: number[] = [];
    const busyOff: number[] = [];
    for (let r = 0; r < 2 * runs + 1; r++) {
      busyOn.push(await busyCpuMs(true, dir, n++));
      busyOff.push(await busyCpuMs(false, dir, n++));
    }
    const [on, off] = [median(busyOn), median(busyOff)];
    rows.push([
      `busy: fixed work, its CPU ms (median of ${2 * runs + 1})`,
      fmt(off, 0),
      fmt(on, 0),
      `${fmt(((on - off) / off) * 100, 1)}%`,
      '',
      '',
      '',
    ]);
    printTable(
      `The probe's cost in the target at 10 ms (median of ${runs}, alternating; CPU in % of one core)`,
      ['workload', 'CPU, --no-node', 'CPU, probed', 'added', 'RSS MiB, --no-node', 'RSS MiB, probed', 'added'],
      rows,
    );
    const probe = join(MEMPROF_BIN, '..', '..', 'dist', 'bundle', 'node-probe.cjs');
    const startRows: string[][] = [];
    const timed = (argv: string[], env?: NodeJS.ProcessEnv) => {
      const saved = { ...process.env };
      Object.assign(process.env, env);
      try {
        return treeTimes(argv, dir);
      } finally {
        process.env = saved;
      }
    };
    const starts: Record<string, Array<{ wallMs: number; cpuMs: number }>> = {
      'node -e 0': [],
      'node -e 0, probed': [],
      'memprof run -q --no-node -- true': [],
      'memprof run -q -- true': [],
    };
    for (let r = 0; r < 21; r++) {
      starts['node -e 0']!.push(timed([process.execPath, '-e', '0']));
      starts['node -e 0, probed']!.push(
        timed([process.execPath, '-e', '0'], {
          NODE_OPTIONS: `--require ${probe}`,
          MEMPROF_CHANNEL: join(dir, 'no-fifo'),
          MEMPROF_NODE_PERIOD: '10',
        }),
      );
      const run = (extra: string[]) => [
        process.execPath,
        MEMPROF_BIN,
        'run',
        '-q',
        ...extra,
        '-o',
        join(dir, `s${n++}.dat`),
        '--',
        'true',
      ];
      starts['memprof run -q --no-node -- true']!.push(timed(run(['--no-node'])));
      starts['memprof run -q -- true']!.push(timed(run([])));
    }
    for (const [name, times] of Object.entries(starts)) {
      startRows.push([name, fmt(median(times.map((t) => t.wallMs)), 1), fmt(median(times.map((t) => t.cpuMs)), 1)]);
    }
    printTable('Start-up, median of 21, alternating', ['command', 'wall ms', 'CPU ms (whole tree)'], startRows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
