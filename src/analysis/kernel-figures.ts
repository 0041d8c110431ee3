import type { CgroupFacts } from '../format/cgroup-facts.js';
import type { CgroupSplit } from '../format/cgroup-lines.js';

/** A process the OOM killer took, as the run knew it; pid and command null when it could not be told. */
export interface OomKill {
  pid: number | null;
  command: string | null;
  atSeconds: number;
}

/** What the kernel counted for the run's own cgroup: every page of every process in it, cache included. */
export interface KernelFigures {
  version: 1 | 2;
  path: string;
  /** The cgroup's high-water mark (v2 memory.peak, v1 memory.max_usage_in_bytes); null when unread. */
  peakBytes: number | null;
  /** The largest usage read while sampling; null when none was. */
  usagePeakBytes: number | null;
  /** memory.stat at the largest usage it was read with, and when (seconds from the start). */
  split: CgroupSplit | null;
  splitAtSeconds: number | null;
  /** How many processes the OOM killer killed in the cgroup, and which where it could be told. */
  oomKills: number;
  oomKilled: OomKill[];
}

/** The kernel's figures of a run's cgroup, times from `t0`; `commandOf` names a process by its key in the run. */
export function kernelFigures(
  facts: CgroupFacts | null | undefined,
  t0: number,
  commandOf: (key: string) => { pid: number; command: string | null } | null,
): KernelFigures | null {
  if (!facts) return null;
  const oomKilled = facts.ooms.map((o) => {
    const known = o.key === null ? null : commandOf(o.key);
    return { pid: known?.pid ?? o.pid, command: known?.command ?? null, atSeconds: o.time - t0 };
  });
  return {
    version: facts.version,
    path: facts.path,
    peakBytes: facts.peakBytes,
    usagePeakBytes: facts.usagePeak?.bytes ?? null,
    split: facts.split?.split ?? null,
    splitAtSeconds: facts.split ? facts.split.time - t0 : null,
    oomKills: facts.ooms.reduce((most, o) => Math.max(most, o.kills), 0),
    oomKilled,
  };
}
