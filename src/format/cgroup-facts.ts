import type { CgroupLine, CgroupSplit } from './cgroup-lines.js';

/** What a run's cgroup lines say, folded as they come: a few numbers, whatever the file's length. */
export interface CgroupFacts {
  version: 1 | 2;
  path: string;
  /** The kernel's high-water mark of the cgroup (its last `CGPEAK`); null when none was read. */
  peakBytes: number | null;
  /** The largest usage read (`CGMEM`), and when. */
  usagePeak: { bytes: number; time: number } | null;
  /** The split read at the largest usage among the `CGSTAT` lines, and when. */
  split: { split: CgroupSplit; time: number } | null;
  /** The OOM killer's kills, each with the process gone with it when one was (its key in the run). */
  ooms: Array<{ kills: number; time: number; pid: number | null; key: string | null }>;
}

/**
 * Fold one cgroup line into a run's facts (null until its `CGROUP` line). `keyOf` names the live process of
 * a pid in the run, for the process an OOM kill took.
 */
export function foldCgroupLine(
  facts: CgroupFacts | null,
  line: CgroupLine,
  keyOf: (pid: number) => string | null,
): CgroupFacts | null {
  if (line.type === 'CGROUP')
    return { version: line.version, path: line.path, peakBytes: null, usagePeak: null, split: null, ooms: [] };
  if (facts === null) return null;
  switch (line.type) {
    case 'CGMEM':
      if (facts.usagePeak === null || line.bytes > facts.usagePeak.bytes)
        facts.usagePeak = { bytes: line.bytes, time: line.time };
      break;
    case 'CGSTAT':
      if (facts.split === null || line.split.usage > facts.split.split.usage)
        facts.split = { split: line.split, time: line.time };
      break;
    case 'CGPEAK':
      facts.peakBytes = Math.max(facts.peakBytes ?? 0, line.bytes);
      break;
    case 'OOM':
      facts.ooms.push({
        kills: line.kills,
        time: line.time,
        pid: line.pid,
        key: line.pid === null ? null : keyOf(line.pid),
      });
      break;
  }
  return facts;
}
