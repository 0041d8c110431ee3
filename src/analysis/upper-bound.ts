import type { Recording } from '../format/types.js';

/** A process's life as the recorder knew it (epoch seconds; `to` is Infinity if it outlived the run). */
export interface Lifetime {
  from: number;
  to: number;
  /** The most it can have held at any moment: its kernel high-water mark (or sampled peak if higher). */
  bytes: number;
}

/**
 * The largest sum of `bytes` over lifetimes that overlap (closed intervals): an upper bound of the
 * tree's total at every instant, since no process can hold more than its high-water mark, and
 * processes that never lived at the same time are not added together.
 */
export function maxConcurrentSum(lifetimes: Lifetime[]): number {
  const events: Array<[number, number]> = [];
  for (const l of lifetimes) events.push([l.from, l.bytes], [l.to, -l.bytes]);
  // At equal times starts come first: a process found at the tick another was found gone overlaps it.
  events.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let sum = 0;
  let best = 0;
  for (const [, delta] of events) {
    sum += delta;
    if (sum > best) best = sum;
  }
  return best;
}

/**
 * The upper end of the total's peak bracket from a recording's kernel high-water marks (HWM lines):
 * null when it has none (mprof files, the ps source). A process is alive from when it was first seen
 * until it was found gone (or, in files without that time, the first MEM tick after it was last seen).
 */
export function hwmUpperBound(rec: Recording): number | null {
  if (!rec.processes.some((p) => p.hwmBytes !== null)) return null;
  const lifetimes: Lifetime[] = [];
  for (const p of rec.processes) {
    const from = p.firstSeen ?? p.samples.t[0];
    if (from === undefined) continue;
    const sampled = p.samples.v.reduce((m, v) => Math.max(m, v), 0);
    lifetimes.push({
      from,
      to: goneTime(rec.mem.t, p.exited, p.goneAt ?? null, p.lastSeen ?? from),
      bytes: Math.max(p.hwmBytes ?? 0, sampled),
    });
  }
  return maxConcurrentSum(lifetimes);
}

/**
 * When a process stopped counting towards the bound: when it was found gone, or in files without that time
 * the first MEM tick after it was last seen; never for one that outlived the recording.
 */
export function goneTime(memTimes: number[], exited: boolean, goneAt: number | null, lastSeen: number): number {
  if (!exited) return Infinity;
  if (goneAt !== null) return goneAt;
  return firstAfter(memTimes, lastSeen) ?? Infinity;
}

/** The bracket's upper end is never below the sampled peak: a PSS sample or a late reading can exceed an HWM. */
export function bracketTop(bound: number | null, sampledPeak: number | null): number | null {
  return bound === null ? null : Math.max(bound, sampledPeak ?? 0);
}

/** The first time in a sorted series strictly after `time` (binary search: files can be long). */
export function firstAfter(times: number[], time: number): number | undefined {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! > time) hi = mid;
    else lo = mid + 1;
  }
  return times[lo];
}
