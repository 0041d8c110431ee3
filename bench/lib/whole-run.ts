import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killGroup, startGroup } from './cleanup.js';
import type { Contender } from './contenders.js';
import { periodStats, type PeriodStats } from './periods.js';
import { cpuSeconds, exited, rssBytes, sleep } from './proc.js';

/** How often a whole run's CPU and RSS are read while it lives. */
const POLL_MS = 50;

/** One whole run of a profiler, start-up to exit, as a CI job pays for it. */
export interface WholeRun {
  /** Own CPU seconds: the largest sum over the run of its threads' run times (an exited thread drops out). */
  cpuSeconds: number;
  wallSeconds: number;
  /** Own RSS, read every POLL_MS: [seconds from start, bytes]. */
  rss: [number, number][];
  /** Own CPU seconds so far (the largest sum yet), read every POLL_MS: [seconds from start, seconds]. */
  cpu: [number, number][];
  period: PeriodStats | null;
  /** The recording's text, for lines a test of the run looks for. */
  recording: string;
  stderr: string;
}

/**
 * Run `contender` on `workload` to its end, reading its own CPU (schedstat of each of its threads, summed;
 * the largest sum is kept, since a thread that has ended drops out of it) and RSS every POLL_MS.
 */
export async function wholeRun(
  contender: Contender,
  intervalSeconds: number,
  workload: string[],
  seconds: number,
): Promise<WholeRun> {
  const dir = mkdtempSync(join(tmpdir(), 'memprof-bench-'));
  const started = performance.now();
  const child = startGroup(contender.argv(intervalSeconds, 'x.dat', workload, seconds), dir);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const done = exited(child);
  let finished = false;
  void done.then(() => {
    finished = true;
  });
  let cpu = 0;
  const rss: [number, number][] = [];
  const cpuSeries: [number, number][] = [];
  try {
    while (!finished) {
      const t = (performance.now() - started) / 1000;
      const reading = read(child.pid!);
      if (reading !== null) {
        cpu = Math.max(cpu, reading.cpu);
        rss.push([t, reading.rss]);
        cpuSeries.push([t, cpu]);
      }
      if (t > seconds + 60) throw new Error(`${contender.name} did not end within a minute of its workload`);
      await Promise.race([done, sleep(POLL_MS)]);
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const file = join(dir, 'x.dat');
    const recording = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const period = contender.records && recording ? safePeriod(file) : null;
    return { cpuSeconds: cpu, wallSeconds, rss, cpu: cpuSeries, period, recording, stderr };
  } finally {
    killGroup(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU seconds and RSS bytes of a live process; null once it is gone (or a zombie with no memory). */
function read(pid: number): { cpu: number; rss: number } | null {
  try {
    const rss = rssBytes(pid);
    return Number.isFinite(rss) ? { cpu: cpuSeconds(pid), rss } : null;
  } catch {
    return null;
  }
}

function safePeriod(file: string): PeriodStats | null {
  try {
    return periodStats(file);
  } catch {
    return null;
  }
}

/**
 * Alternate the contenders run by run (a, b, a, b, ...), one at a time, so drift on the shared machine
 * hits both alike; returns each one's runs by name.
 */
export async function alternateWhole(
  contenders: Contender[],
  runs: number,
  label: string,
  run: (c: Contender) => Promise<WholeRun>,
): Promise<Map<string, WholeRun[]>> {
  const results = new Map<string, WholeRun[]>(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < runs; r++) {
    for (const c of contenders) {
      process.stderr.write(`  ${label}: run ${r + 1}/${runs}: ${c.name}\n`);
      results.get(c.name)!.push(await run(c));
    }
  }
  return results;
}
