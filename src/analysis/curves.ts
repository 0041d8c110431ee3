import type { Recording, Series } from '../format/types.js';

/** One process's memory over time, ready for reports. */
export interface Curve {
  key: string;
  /** null for mprof files, where the main process's pid is not recorded. */
  pid: number | null;
  ppid: number | null;
  command: string | null;
  isRoot: boolean;
  series: Series;
  /** The kernel's RSS high-water mark, when recorded (bytes). */
  hwmBytes: number | null;
  /** When the recording saw the process start and end (epoch seconds); end is null if it outlived the run. */
  firstSeen: number;
  lastSeen: number;
  exited: boolean;
}

/**
 * Whether `MEM` already includes the descendants. memprof says so in its header; for mprof's files we
 * infer it: with `-C`, MEM is never below the sum of the children sampled in the same tick.
 */
export function memIncludesChildren(rec: Recording): boolean {
  if (rec.header) return rec.header.memScope === 'tree';
  const childSums = childSumsPerTick(rec);
  let ticksWithChildren = 0;
  for (let i = 0; i < childSums.length; i++) {
    if (childSums[i] === 0) continue;
    ticksWithChildren++;
    if (rec.mem.v[i]! < childSums[i]! * 0.99) return false;
  }
  return ticksWithChildren > 0;
}

/** Per `MEM` tick, the sum of the descendants' `CHLD` samples that followed it (the root's own excluded). */
export function childSumsPerTick(rec: Recording): number[] {
  const sums = new Array<number>(rec.mem.t.length).fill(0);
  for (const p of rec.processes) {
    if (p.key === rec.rootKey) continue;
    p.tickOf.forEach((tick, i) => {
      if (tick < sums.length) sums[tick]! += p.samples.v[i]!;
    });
  }
  return sums;
}

/** The whole tree's memory per tick: MEM when it already includes the children, else MEM plus the CHLD lines. */
export function totalSeries(rec: Recording): Series {
  if (memIncludesChildren(rec)) return rec.mem;
  const sums = childSumsPerTick(rec);
  return { t: rec.mem.t, v: rec.mem.v.map((v, i) => v + sums[i]!) };
}

/** Whether the total covers every process, or only the main one (a run without -M or -C). */
export function totalCoversTree(rec: Recording): boolean {
  if (rec.header) return rec.header.memScope === 'tree' || rec.header.perProcess;
  return rec.processes.some((p) => p.samples.t.length > 0) || memIncludesChildren(rec);
}

/**
 * One curve per process: the main process first (its series is MEM when MEM is the main process alone),
 * then every descendant that has samples, in order of first appearance.
 */
export function processCurves(rec: Recording): Curve[] {
  const curves: Curve[] = [];
  const root = rec.processes.find((p) => p.key === rec.rootKey) ?? null;
  const first = rec.mem.t[0];
  if (!memIncludesChildren(rec) && first !== undefined) {
    curves.push({
      key: root?.key ?? 'main', pid: root?.pid ?? null, ppid: root?.ppid ?? null,
      command: root?.command ?? rec.command, isRoot: true, series: rec.mem, hwmBytes: root?.hwmBytes ?? null,
      firstSeen: first, lastSeen: rec.mem.t.at(-1)!, exited: root?.exited ?? false,
    });
  }
  for (const p of rec.processes) {
    if (p.key === rec.rootKey || p.samples.t.length === 0) continue;
    curves.push({
      key: p.key, pid: p.pid, ppid: p.ppid, command: p.command, isRoot: false, series: p.samples,
      hwmBytes: p.hwmBytes, firstSeen: p.samples.t[0]!, lastSeen: p.samples.t.at(-1)!, exited: p.exited,
    });
  }
  return curves;
}
