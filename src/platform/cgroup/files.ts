import { readFileSync } from 'node:fs';
import type { CgroupSplit, CgroupVersion } from './types.js';

// The memory files of each cgroup version, and the parsers of their texts (pure).

export interface MemoryFiles {
  /** The cgroup's usage now, bytes. */
  usage: string;
  /** The kernel's high-water mark of that usage since the cgroup was made. */
  peak: string;
  stat: string;
  /** Holds the count of processes the OOM killer killed in the cgroup (`oom_kill`). */
  events: string;
  /** v1 keeps the kernel's own memory in a file of its own; v2 says it in memory.stat. */
  kernel: string | null;
}

export const MEMORY_FILES: Record<CgroupVersion, MemoryFiles> = {
  1: {
    usage: 'memory.usage_in_bytes',
    peak: 'memory.max_usage_in_bytes',
    stat: 'memory.stat',
    events: 'memory.oom_control',
    kernel: 'memory.kmem.usage_in_bytes',
  },
  2: { usage: 'memory.current', peak: 'memory.peak', stat: 'memory.stat', events: 'memory.events', kernel: null },
};

/** `key value` lines (memory.stat, memory.events, memory.oom_control) as a map. */
export function keyedNumbers(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value] = line.split(' ');
    const n = Number(value);
    if (key && value !== undefined && Number.isFinite(n)) out.set(key, n);
  }
  return out;
}

/** v2 kernels before `kernel` was a memory.stat key: its parts. */
const V2_KERNEL_PARTS = ['kernel_stack', 'pagetables', 'sec_pagetables', 'percpu', 'sock', 'slab', 'vmalloc'];

/**
 * The split of memory.stat: v1's hierarchical `total_*` keys (the cgroup and any below it), v2's own
 * (already hierarchical). `kernelBytes` is v1's memory.kmem.usage_in_bytes; null when unread. Null when
 * the text is not a memory.stat.
 */
export function parseSplit(
  version: CgroupVersion,
  text: string,
  usage: number,
  kernelBytes: number | null,
): CgroupSplit | null {
  const stat = keyedNumbers(text);
  if (version === 1) {
    const anon = stat.get('total_rss');
    const file = stat.get('total_cache');
    if (anon === undefined || file === undefined) return null;
    return { anon, file, shmem: stat.get('total_shmem') ?? 0, kernel: kernelBytes, usage };
  }
  const anon = stat.get('anon');
  const file = stat.get('file');
  if (anon === undefined || file === undefined) return null;
  const parts = V2_KERNEL_PARTS.filter((k) => stat.has(k));
  const kernel = stat.get('kernel') ?? (parts.length > 0 ? parts.reduce((s, k) => s + stat.get(k)!, 0) : null);
  return { anon, file, shmem: stat.get('shmem') ?? 0, kernel, usage };
}

/** The OOM killer's kills in the cgroup (`oom_kill` of memory.events or v1's memory.oom_control); null: unknown. */
export function parseOomKills(text: string): number | null {
  return keyedNumbers(text).get('oom_kill') ?? null;
}

/** The pids of a cgroup.procs text. */
export function parseProcs(text: string): number[] {
  const pids: number[] = [];
  for (const line of text.split('\n')) {
    const pid = Number(line);
    if (line !== '' && Number.isInteger(pid) && pid > 0) pids.push(pid);
  }
  return pids;
}

/** A cgroup or /proc text file whole; null when it cannot be read (gone, not there, not allowed). */
export function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
