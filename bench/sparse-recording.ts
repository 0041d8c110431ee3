// Benchmark of `memprof plot` on sparse readings: a long recording (900,000 ticks at 10 ms by default) whose
// main process is read every tick and whose children only every few ticks (as under a slow read schedule)
// or with runs of failed reads, so that their lines break into many short stretches and lone readings.
// Plotted to SVG and to HTML; wall time and peak RSS of each, by GNU time.
// Run: npm run build && node dist/bench/sparse-recording.js [ticks]
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { encodeChld, encodeCmdline, encodeDone, encodeHeader, encodeMem, encodeProc } from '../src/format/encode.js';
import { MiB } from '../src/units.js';
import { MEMPROF_BIN, ROOT } from './lib/contenders.js';
import { fmt } from './lib/table.js';
import { random } from './plot-recording.js';

const OUT = join(ROOT, '.bench-out');
const START = 1_800_000_000;
const INTERVAL = 0.01;

/** How a child is read: the ticks until its next reading after one at tick `k`. */
type Schedule = (rnd: () => number) => number;

/** Every 2 to 5 ticks: a gap of 5 breaks the line (more than 4 periods), shorter ones do not. */
const everyFewTicks: Schedule = (rnd) => 2 + Math.floor(rnd() * 4);
/** Every tick, except runs of 5 to 8 failed reads (one tick in a hundred starts one). */
const failingReads: Schedule = (rnd) => (rnd() < 0.01 ? 6 + Math.floor(rnd() * 4) : 1);

const CHILDREN: Array<{ pid: number; command: string; schedule: Schedule }> = [
  { pid: 5001, command: 'worker --shard 1', schedule: everyFewTicks },
  { pid: 5002, command: 'worker --shard 2', schedule: everyFewTicks },
  { pid: 5003, command: 'worker --shard 3', schedule: everyFewTicks },
  { pid: 5004, command: 'flaky --reads-fail', schedule: failingReads },
];

/** Writes the recording a tick at a time (it does not fit a string comfortably); returns its size. */
function writeSparseRecording(file: string, ticks: number): number {
  const rnd = random(11);
  const fd = openSync(file, 'w');
  const header = encodeHeader({
    version: 1,
    metric: 'rss',
    intervalSeconds: INTERVAL,
    memScope: 'root',
    perProcess: true,
    source: 'procfs',
  });
  writeSync(fd, header + encodeCmdline('supervisor') + encodeProc(5000, 1, START, START, 'supervisor'));
  const level = [40, ...CHILDREN.map((_, i) => 60 + 20 * i)].map((m) => m * MiB);
  const next = CHILDREN.map(() => 0);
  let text = CHILDREN.map((c) => encodeProc(c.pid, 5000, START, START, c.command)).join('');
  for (let k = 0; k < ticks; k++) {
    const t = START + k * INTERVAL;
    level[0] = Math.max(MiB, level[0]! + (rnd() - 0.5) * MiB);
    text += encodeMem(level[0]!, t);
    CHILDREN.forEach((c, i) => {
      level[i + 1] = Math.max(MiB, level[i + 1]! + (rnd() - 0.5) * MiB);
      if (k < next[i]!) return;
      next[i] = k + c.schedule(rnd);
      text += encodeChld(c.pid, level[i + 1]!, t);
    });
    if (text.length > 1 << 20) {
      writeSync(fd, text);
      text = '';
    }
  }
  writeSync(fd, text + encodeDone(START + ticks * INTERVAL, 0));
  closeSync(fd);
  return statSync(file).size;
}

/** One plot under GNU time (`%e %M`: wall seconds, peak RSS in KiB), or why it failed. */
function timedPlot(dat: string, output: string): string {
  const argv = ['-f', '%e %M', process.execPath, MEMPROF_BIN, 'plot', dat, '-o', output];
  const r = spawnSync('/usr/bin/time', argv, { encoding: 'utf8', maxBuffer: 64 * MiB });
  const lines = r.stderr.trim().split('\n');
  const [seconds, kib] = lines.at(-1)!.split(' ').map(Number);
  const figures = `${fmt(seconds, 2)} s, peak RSS ${fmt(kib! / 1024, 0)} MiB`;
  if (r.status === 0) return `${figures}, ${fmt(statSync(output).size / 1024, 0)} KiB`;
  const oom = /heap out of memory/.test(r.stderr) ? 'out of memory' : `exit ${r.status}`;
  return `**failed** (${oom}) after ${figures}`;
}

function main(): void {
  const ticks = Number(process.argv[2] ?? 900_000);
  mkdirSync(OUT, { recursive: true });
  const dat = join(OUT, `sparse-${ticks}.dat`);
  const bytes = writeSparseRecording(dat, ticks);
  console.log(
    `recording: ${ticks.toLocaleString('en')} ticks, main process every tick, 3 children every 2-5 ticks, ` +
      `1 with runs of failed reads; ${fmt(bytes / 1e6, 1)} MB`,
  );
  console.log(`plot to SVG:  ${timedPlot(dat, join(OUT, `sparse-${ticks}.svg`))}`);
  console.log(`plot to HTML: ${timedPlot(dat, join(OUT, `sparse-${ticks}.html`))}`);
}

main();
