// Reading: `memprof peak` on a 1,000,000-line recording (the plot benchmark's synthetic generator, real
// encoders, 20 processes) against `python3-mprof peak` on the same file, alternating.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions } from './lib/args.js';
import { MEMPROF_BIN, MPROF } from './lib/contenders.js';
import { median, wallMs } from './lib/proc.js';
import { fmt, printTable, ratio } from './lib/table.js';
import { targets } from './lib/targets.js';
import { syntheticRecording } from './plot-recording.js';

export function benchPeak(options: BenchOptions, withMprof: boolean): void {
  const dir = mkdtempSync(join(tmpdir(), 'memprof-bench-'));
  try {
    const file = join(dir, 'big.dat');
    const text = syntheticRecording({ processes: 20, lines: options.peakLines, seed: 7 });
    writeFileSync(file, text);
    const lines = text.split('\n').length - 1;
    const commands: Record<string, string[]> = {
      'memprof peak': [process.execPath, MEMPROF_BIN, 'peak', file],
      ...(withMprof ? { 'python3-mprof peak': [MPROF, 'peak', file] } : {}),
    };
    const times = new Map<string, number[]>(Object.keys(commands).map((k) => [k, []]));
    for (let i = 0; i < options.runs; i++) {
      for (const [name, argv] of Object.entries(commands)) times.get(name)!.push(wallMs(argv));
    }
    const mine = median(times.get('memprof peak')!);
    const theirs = withMprof ? median(times.get('python3-mprof peak')!) : NaN;
    printTable(
      `Reading a ${lines.toLocaleString('en')}-line recording ` +
        `(${fmt(text.length / 1e6, 1)} MB, median of ${options.runs})`,
      ['command', 'wall s', 'memprof / mprof'],
      [...times.keys()].map((name) => [
        name,
        fmt(median(times.get(name)!) / 1000, 2),
        name === 'memprof peak' ? ratio(mine, theirs) : '',
      ]),
    );
    targets.push({
      target: '`memprof peak` on 1,000,000 lines < 2 s',
      measured: `${fmt(mine / 1000, 2)} s (mprof ${fmt(theirs / 1000, 2)} s)`,
      met: options.peakLines >= 1_000_000 ? mine < 2000 : null,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
