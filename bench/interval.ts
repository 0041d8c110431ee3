// How much CPU memprof's sampler costs at each interval, on an idle tree: the data behind the default -T.
// Usage: node dist/bench/interval.js [treeSize=10] [windowSeconds=5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exited, start, steadyCpuPercent } from './lib/proc.js';
import { idleTree } from './lib/workloads.js';

const BIN = resolve(fileURLToPath(new URL('../../bin/memprof.js', import.meta.url)));
const size = Number(process.argv[2] ?? 10);
const windowMs = Number(process.argv[3] ?? 5) * 1000;

async function measure(interval: string, flags: string[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'memprof-bench-'));
  const child = start(
    [
      process.execPath,
      BIN,
      'run',
      ...flags,
      '-T',
      interval,
      '-q',
      '-o',
      'x.dat',
      ...idleTree(size, (windowMs + 3000) / 1000),
    ],
    dir,
  );
  const cpu = await steadyCpuPercent(child.pid!, 1500, windowMs);
  await exited(child);
  rmSync(dir, { recursive: true, force: true });
  return cpu;
}

console.log(`memprof own CPU (% of one core), idle tree of ${size} processes, ${windowMs / 1000} s window`);
console.log('interval | -M -C | -M -C --metric pss');
for (const interval of ['0.005', '0.01', '0.02', '0.1']) {
  const rss = await measure(interval, ['-M', '-C']);
  const pss = await measure(interval, ['-M', '-C', '--metric', 'pss']);
  console.log(`${interval.padEnd(8)} | ${rss.toFixed(2).padStart(5)} | ${pss.toFixed(2).padStart(5)}`);
}
