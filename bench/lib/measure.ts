import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killGroup, startGroup } from './cleanup.js';
import type { Contender } from './contenders.js';
import { periodStats, type PeriodStats } from './periods.js';
import { exited, median, sleep, steadyCpuPercent } from './proc.js';

export interface Sample {
  cpuPercent: number;
  period: PeriodStats | null;
}

export interface Plan {
  intervalSeconds: number;
  /** The workload for a given duration in seconds (each run gets its own copy). */
  workload: (seconds: number) => string[];
  warmupSeconds: number;
  windowSeconds: number;
}

/**
 * Run contenders at the same time (floors), or one alone, each on its own copy of the workload; measure
 * each one's own CPU over the steady window, then wait for it to finish and read its recording.
 */
export async function measureTogether(contenders: Contender[], plan: Plan): Promise<Sample[]> {
  const seconds = plan.warmupSeconds + plan.windowSeconds + 1;
  const runs = contenders.map((c) => {
    const dir = mkdtempSync(join(tmpdir(), 'memprof-bench-'));
    const child = startGroup(c.argv(plan.intervalSeconds, 'x.dat', plan.workload(seconds), seconds), dir);
    return { c, dir, child };
  });
  try {
    const cpu = await Promise.all(runs.map((r) => steadyCpuPercent(r.child.pid!, plan.warmupSeconds * 1000, plan.windowSeconds * 1000)));
    await Promise.all(runs.map((r) => Promise.race([exited(r.child), sleep(60_000)])));
    return runs.map((r, i) => ({ cpuPercent: cpu[i]!, period: r.c.records ? safePeriod(join(r.dir, 'x.dat')) : null }));
  } finally {
    for (const r of runs) {
      killGroup(r.child);
      rmSync(r.dir, { recursive: true, force: true });
    }
  }
}

function safePeriod(file: string): PeriodStats | null {
  try {
    return periodStats(file);
  } catch {
    return null;
  }
}

/** Medians over runs of one contender's samples. */
export interface Summary {
  cpuPercent: number;
  meanMs: number;
  p95Ms: number;
  runs: number;
}

export function summarize(samples: Sample[]): Summary {
  const periods = samples.map((s) => s.period).filter((p) => p !== null);
  return {
    cpuPercent: median(samples.map((s) => s.cpuPercent)),
    meanMs: median(periods.map((p) => p.meanMs)),
    p95Ms: median(periods.map((p) => p.p95Ms)),
    runs: samples.length,
  };
}

/**
 * Alternate the groups run by run (memprof, mprof, floors, memprof, ...) so drift on the machine hits
 * all of them alike; returns each contender's summary by name.
 */
export async function alternate(groups: Contender[][], plan: Plan, runs: number, label: string): Promise<Map<string, Summary>> {
  const samples = new Map<string, Sample[]>();
  for (let r = 0; r < runs; r++) {
    for (const group of groups) {
      process.stderr.write(`  ${label}: run ${r + 1}/${runs}: ${group.map((c) => c.name).join(' + ')}\n`);
      const results = await measureTogether(group, plan);
      group.forEach((c, i) => samples.set(c.name, [...(samples.get(c.name) ?? []), results[i]!]));
    }
  }
  return new Map([...samples].map(([name, s]) => [name, summarize(s)]));
}
