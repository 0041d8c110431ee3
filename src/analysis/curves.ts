import type { Recording, Series } from '../format/types.js';
import { childSumsPerTick, memScopeOf } from './mem-scope.js';

/** One process's memory over time, ready for reports. */
export interface Curve {
  key: string;
  /** null for mprof files, where the main process's pid is not recorded. */
  pid: number | null;
  ppid: number | null;
  command: string | null;
  isRoot: boolean;
  series: Series;
  /** Which sampling tick (index of the `MEM` line) each sample belongs to. */
  tickOf: number[];
  /** The kernel's RSS high-water mark, when recorded (bytes). */
  hwmBytes: number | null;
  /** When the recording saw the process start and end (epoch seconds); end is null if it outlived the run. */
  firstSeen: number;
  lastSeen: number;
  exited: boolean;
}

/** Whether MEM includes the children when the caller has not decided: the header's word, or the inference. */
const inferred = (rec: Recording): boolean => memScopeOf(rec).childrenIncluded;

/** The whole tree's memory per tick: MEM when it already includes the children, else MEM plus the CHLD lines. */
export function totalSeries(rec: Recording, childrenIncluded = inferred(rec)): Series {
  if (childrenIncluded) return rec.mem;
  const sums = childSumsPerTick(rec);
  return { t: rec.mem.t, v: rec.mem.v.map((v, i) => v + sums[i]!) };
}

/** Whether the total covers every process, or only the main one (a run without -M or -C). */
export function totalCoversTree(rec: Recording, childrenIncluded = inferred(rec)): boolean {
  if (rec.header) return rec.header.memScope === 'tree' || rec.header.perProcess;
  return rec.processes.some((p) => p.samples.t.length > 0) || childrenIncluded;
}

/** Below one page, the main process's share of a tree MEM means it was not read in that tick. */
export const UNREAD_BYTES = 4096;

/**
 * One curve per process: the main process first, then every descendant that has samples, in order of
 * first appearance. The main process's curve is MEM when MEM is the main process alone; when MEM
 * covers the tree (-C) it is MEM minus the descendants sampled in the same tick.
 */
export function processCurves(rec: Recording, childrenIncluded = inferred(rec)): Curve[] {
  const curves: Curve[] = [];
  const root = rootCurve(rec, childrenIncluded);
  if (root) curves.push(root);
  for (const p of rec.processes) {
    if (p.key === rec.rootKey || p.samples.t.length === 0) continue;
    curves.push({
      key: p.key,
      pid: p.pid,
      ppid: p.ppid,
      command: p.command,
      isRoot: false,
      series: p.samples,
      tickOf: p.tickOf,
      hwmBytes: p.hwmBytes,
      firstSeen: p.samples.t[0]!,
      lastSeen: p.samples.t.at(-1)!,
      exited: p.exited,
    });
  }
  return curves;
}

function rootCurve(rec: Recording, childrenIncluded: boolean): Curve | null {
  const { series, tickOf } = childrenIncluded
    ? rootOwnSeries(rec)
    : { series: rec.mem, tickOf: rec.mem.t.map((_, i) => i) };
  if (series.t.length === 0) return null;
  const root = rec.processes.find((p) => p.key === rec.rootKey) ?? null;
  return {
    key: root?.key ?? 'main',
    pid: root?.pid ?? null,
    ppid: root?.ppid ?? null,
    command: root?.command ?? rec.command,
    isRoot: true,
    series,
    tickOf,
    hwmBytes: root?.hwmBytes ?? null,
    firstSeen: series.t[0]!,
    lastSeen: series.t.at(-1)!,
    exited: root?.exited ?? false,
  };
}

/**
 * MEM minus the descendants, tick by tick. A tick where that leaves less than a page is one where the
 * main process was not read (gone, or vanished mid-read): it is left out rather than drawn as 0.
 */
function rootOwnSeries(rec: Recording): { series: Series; tickOf: number[] } {
  const sums = childSumsPerTick(rec);
  const series: Series = { t: [], v: [] };
  const tickOf: number[] = [];
  rec.mem.v.forEach((v, i) => {
    const own = v - sums[i]!;
    if (own < UNREAD_BYTES) return;
    series.t.push(rec.mem.t[i]!);
    series.v.push(own);
    tickOf.push(i);
  });
  return { series, tickOf };
}
