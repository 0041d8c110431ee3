import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killGroup, startGroup } from './cleanup.js';
import type { Contender } from './contenders.js';
import { periodStats, type PeriodStats } from './periods.js';
import { cpuPercents, exited, median, sleep } from './proc.js';

export interface Sample {
  cpuPercent: number;
  /** Own CPU over the plan's `firstWindow`, measured in the same run; null without one. */
  firstCpuPercent: number | null;
  period: PeriodStats | null;
}

/** A CPU window: `windowSeconds` long, after `warmupSeconds` of the run. */
export interface WindowPlan {
  warmupSeconds: number;
  windowSeconds: number;
}

export interface Plan {
  intervalSeconds: number;
  /** The workload for a given duration in seconds (each run gets its own copy). */
  workload: (seconds: number) => string[];
  warmupSeconds: number;
  windowSeconds: number;
  /** An earlier window of the same run to measure too (seconds 2-12 beside the steady state). */
  firstWindow?: WindowPlan;
}

const msOf = (w: WindowPlan) => ({ fromMs: w.warmupSeconds * 1000, ms: w.windowSeconds * 1000 });

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
    const windows = [msOf(plan), ...(plan.firstWindow ? [msOf(plan.firstWindow)] : [])];
    const cpu = await Promise.all(runs.map((r) => cpuPercents(r.child.pid!, windows)));
    await Promise.all(runs.map((r) => Promise.race([exited(r.child), sleep(60_000)])));
    return runs.map((r, i) => ({
      cpuPercent: cpu[i]![0]!,
      firstCpuPercent: cpu[i]![1] ?? null,
      period: r.c.records ? safePeriod(join(r.dir, 'x.dat')) : null,
    }));
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
  /** Median own CPU over the first window, when the plan had one. */
  firstCpuPercent: number | null;
  /**
   * Median over runs of the first window's CPU beyond the run's own steady rate, in ms: the one-time cost
   * (start-up settling) that the first window carries; null without a first window.
   */
  oneOffMs: number | null;
}

export function summarize(samples: Sample[], firstWindow?: WindowPlan): Summary {
  const periods = samples.map((s) => s.period).filter((p) => p !== null);
  const oneOff = (s: Sample) => ((s.firstCpuPercent! - s.cpuPercent) / 100) * firstWindow!.windowSeconds * 1000;
  return {
    firstCpuPercent: firstWindow ? median(samples.map((s) => s.firstCpuPercent!)) : null,
    oneOffMs: firstWindow ? median(samples.map(oneOff)) : null,
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
export async function alternate(
  groups: Contender[][],
  plan: Plan,
  runs: number,
  label: string,
): Promise<Map<string, Summary>> {
  const samples = new Map<string, Sample[]>();
  for (let r = 0; r < runs; r++) {
    for (const group of groups) {
      process.stderr.write(`  ${label}: run ${r + 1}/${runs}: ${group.map((c) => c.name).join(' + ')}\n`);
      const results = await measureTogether(group, plan);
      group.forEach((c, i) => {
        samples.set(c.name, [...(samples.get(c.name) ?? []), results[i]!]);
      });
    }
  }
  return new Map([...samples].map(([name, s]) => [name, summarize(s, plan.firstWindow)]));
}
