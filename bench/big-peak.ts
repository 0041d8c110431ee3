// Reading recordings too large to load: `memprof peak` and `memprof plot` on a 1 GB recording (20
// processes) beside `python3-mprof peak`, and on a 4 GB one (past what a whole-file read can hold) alone,
// each file generated, read, checked against the peak the generator wrote, and deleted. Wall time and
// maximum RSS by GNU time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBigRecording } from './big-recording.js';
import { churnRecording } from './churn-recording.js';
import type { BenchOptions } from './lib/args.js';
import { MEMPROF_BIN, MPROF } from './lib/contenders.js';
import { fmt, printTable } from './lib/table.js';
import { targets } from './lib/targets.js';
import { formatBytes } from '../src/units.js';

const GB = 1e9;
const MiB = 1024 * 1024;

interface Timed {
  seconds: number;
  maxRssBytes: number;
  stdout: string;
  stderr: string;
}

/** One run under GNU time (`%e %M`: wall seconds, maximum RSS in KiB). */
function timed(argv: string[]): Timed {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', ...argv], { encoding: 'utf8', maxBuffer: 64 * MiB });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
  const lines = r.stderr.trim().split('\n');
  const [seconds, kib] = lines.at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, maxRssBytes: kib! * 1024, stdout: r.stdout, stderr: lines.slice(0, -1).join('\n') };
}

function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

export function benchBigPeak(options: BenchOptions, withMprof: boolean): void {
  const sizes = options.bigGb;
  if (sizes.length === 0) return;
  const needed = Math.max(...sizes) * GB * 1.2;
  if (freeBytes(tmpdir()) < needed) {
    console.log(`\n(big recordings left out: ${fmt(needed / GB, 1)} GB free needed in ${tmpdir()})`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'memprof-bench-big-'));
  const rows: string[][] = [];
  try {
    for (const gb of sizes) {
      const file = join(dir, `big-${gb}gb.dat`);
      const written = writeBigRecording(file, gb * GB);
      const size = `${fmt(written.bytes / GB, 2)} GB, ${written.lines.toLocaleString('en')} lines`;
      const mine = timed([process.execPath, MEMPROF_BIN, 'peak', '--json', file]);
      const read = JSON.parse(mine.stdout.split('\n')[0]!).peakTotalBytes as number;
      const correct = read === written.peakTotalBytes;
      rows.push([
        'memprof peak',
        size,
        fmt(mine.seconds, 1),
        fmt(mine.maxRssBytes / MiB, 0),
        correct ? 'yes' : `**no** (${read})`,
      ]);
      const plot = timed([process.execPath, MEMPROF_BIN, 'plot', file, '-o', join(dir, 'big.svg')]);
      const drawn = plot.stderr.includes(`peak ${formatBytes(written.peakTotalBytes)} at`);
      rows.push([
        'memprof plot',
        size,
        fmt(plot.seconds, 1),
        fmt(plot.maxRssBytes / MiB, 0),
        drawn ? 'yes' : `**no** (${plot.stderr.trim()})`,
      ]);
      if (gb === 1) {
        targets.push({
          target: '`memprof plot` on a 1 GB recording < 10 s and < 200 MiB',
          measured: `${fmt(plot.seconds, 1)} s, ${fmt(plot.maxRssBytes / MiB, 0)} MiB`,
          met: plot.seconds < 10 && plot.maxRssBytes < 200 * MiB,
        });
        targets.push(
          {
            target: '`memprof peak` on a 1 GB recording < 5 s',
            measured: `${fmt(mine.seconds, 1)} s`,
            met: mine.seconds < 5,
          },
          {
            target: '`memprof peak` on a 1 GB recording < 150 MiB',
            measured: `${fmt(mine.maxRssBytes / MiB, 0)} MiB`,
            met: mine.maxRssBytes < 150 * MiB,
          },
        );
        if (withMprof) {
          const theirs = timed([MPROF, 'peak', file]);
          rows.push(['python3-mprof peak', size, fmt(theirs.seconds, 1), fmt(theirs.maxRssBytes / MiB, 0), '']);
        }
      }
      if (gb >= 4)
        targets.push({
          target: `a ${gb} GB recording is read correctly`,
          measured: `peak: ${correct ? 'its peak' : 'wrong peak'}; plot: ${drawn ? 'its peak drawn' : 'failed'}`,
          met: correct && drawn,
        });
      rmSync(file, { force: true });
    }
    rows.push(...manyProcesses(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  printTable(
    'Reading and drawing recordings too large to load (one run each)',
    ['command', 'recording', 'wall s', 'max RSS MiB', 'peak as written'],
    rows,
  );
}

const MANY = 150_000;

/** `peak` and `plot` on a recording of 150,000 processes: the 10 largest drawn, the rest summed. */
function manyProcesses(dir: string): string[][] {
  const file = join(dir, 'churn.dat');
  const { text, peakMiB } = churnRecording(MANY);
  writeFileSync(file, text);
  const size = `${MANY.toLocaleString('en')} processes, ${fmt(Buffer.byteLength(text) / 1e6, 0)} MB`;
  const peak = timed([process.execPath, MEMPROF_BIN, 'peak', '--json', file]);
  const read = (JSON.parse(peak.stdout.split('\n')[0]!).peakTotalBytes as number) / MiB;
  const plot = timed([process.execPath, MEMPROF_BIN, 'plot', file, '-o', join(dir, 'churn.svg')]);
  // Drawn one by one (the 10 largest, the rest summed) or, as the default does for a pool, summed by program.
  const drawn =
    plot.stderr.includes(`${MANY + 1} processes, 10 drawn, ${MANY - 9} folded into "others"`) ||
    plot.stderr.includes(`${MANY + 1} processes, summed by program`);
  targets.push({
    target: `\`memprof plot\` of ${MANY.toLocaleString('en')} processes < 15 s, the 10 largest drawn, the rest summed`,
    measured: `${fmt(plot.seconds, 1)} s; ${plot.stderr.trim().split('\n')[0]}`,
    met: plot.seconds < 15 && drawn,
  });
  rmSync(file, { force: true });
  return [
    [
      'memprof peak',
      size,
      fmt(peak.seconds, 1),
      fmt(peak.maxRssBytes / MiB, 0),
      Math.abs(read - peakMiB) < 1e-3 ? 'yes' : `**no** (${read})`,
    ],
    ['memprof plot', size, fmt(plot.seconds, 1), fmt(plot.maxRssBytes / MiB, 0), drawn ? 'yes' : '**no**'],
  ];
}
