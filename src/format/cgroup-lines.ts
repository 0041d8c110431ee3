import { formatMiB, formatTime } from './encode.js';

// The lines of the run's own cgroup (see docs/format.md): encoders, and the decoded forms parseLine gives.

/** The cgroup's memory split, from memory.stat, bytes; null where this kernel does not say. */
export interface CgroupSplit {
  anon: number;
  /** The page cache, shmem included (as the kernel counts it). */
  file: number;
  shmem: number;
  kernel: number | null;
  /** The cgroup's usage read with it. */
  usage: number;
}

/** What one tick read of the run's cgroup; each field only when it is news. */
export interface CgroupTick {
  /** The usage, when it changed since the last tick. */
  usage: number | null;
  split: CgroupSplit | null;
  /** The kernel's high-water mark, when it rose. */
  peak: number | null;
  /** Kills by the OOM killer found this tick: the count after each, and the process gone with it if one was. */
  ooms: Array<{ kills: number; pid: number | null }>;
}

export type CgroupLine =
  | { type: 'CGROUP'; version: 1 | 2; path: string }
  | { type: 'CGMEM'; bytes: number; time: number }
  | { type: 'CGSTAT'; split: CgroupSplit; time: number }
  | { type: 'CGPEAK'; bytes: number; time: number }
  | { type: 'OOM'; kills: number; time: number; pid: number | null };

/** The command was started in a cgroup of its own, `path` in the hierarchy of cgroup `version`. */
export function encodeCgroup(version: 1 | 2, path: string): string {
  return `CGROUP ${version} ${JSON.stringify(path)}\n`;
}

/** A tick's cgroup lines: usage, split, high-water mark, OOM kills; '' when nothing changed. */
export function encodeCgroupTick(tick: CgroupTick, time: number): string {
  const at = formatTime(time);
  let text = tick.usage === null ? '' : `CGMEM ${formatMiB(tick.usage)} ${at}\n`;
  const split = tick.split;
  if (split !== null) {
    const kernel = split.kernel === null ? '-' : formatMiB(split.kernel);
    text +=
      `CGSTAT ${formatMiB(split.anon)} ${formatMiB(split.file)} ${formatMiB(split.shmem)} ${kernel} ` +
      `${formatMiB(split.usage)} ${at}\n`;
  }
  if (tick.peak !== null) text += `CGPEAK ${formatMiB(tick.peak)} ${at}\n`;
  for (const oom of tick.ooms) text += `OOM ${oom.kills} ${at}${oom.pid === null ? '' : ` ${oom.pid}`}\n`;
  return text;
}

/** The most fields each cgroup line has after its type. */
export const CGROUP_MAX_FIELDS: Record<string, number> = { CGMEM: 2, CGSTAT: 6, CGPEAK: 2, OOM: 3 };

/**
 * A cgroup line from its type and fields, given parseLine's field readers; null for another type.
 * `bytes` reads a MiB field, `number` any decimal, `pid` a pid, `quoted` a JSON string.
 */
export function parseCgroupLine(
  type: string,
  f: string[],
  read: {
    bytes: (text: string | undefined) => number;
    number: (text: string | undefined, what: string) => number;
    pid: (text: string | undefined) => number;
    quoted: (text: string) => string;
    fail: (message: string) => never;
  },
): CgroupLine | null {
  switch (type) {
    case 'CGROUP': {
      const version = read.number(f[0], 'cgroup version');
      if (version !== 1 && version !== 2) read.fail(`unknown cgroup version '${f[0]}'`);
      return { type, version: version as 1 | 2, path: read.quoted(f.slice(1).join(' ')) };
    }
    case 'CGMEM':
    case 'CGPEAK':
      return { type, bytes: read.bytes(f[0]), time: read.number(f[1], 'timestamp') };
    case 'CGSTAT': {
      const split = {
        anon: read.bytes(f[0]),
        file: read.bytes(f[1]),
        shmem: read.bytes(f[2]),
        kernel: f[3] === '-' ? null : read.bytes(f[3]),
        usage: read.bytes(f[4]),
      };
      return { type, split, time: read.number(f[5], 'timestamp') };
    }
    case 'OOM':
      return {
        type,
        kills: read.number(f[0], 'kill count'),
        time: read.number(f[1], 'timestamp'),
        pid: f[2] === undefined ? null : read.pid(f[2]),
      };
    default:
      return null;
  }
}
