import { join } from 'node:path';
import { cgroupMembers, createLeaf, joinLeaf, leafUnavailable, removeLeaf, removeStaleLeaves } from './leaf.js';
import { readText } from './files.js';
import { locateOwnCgroup } from './locate.js';
import { openScope, scopeUnavailable } from './scope.js';
import type { CgroupPlace } from './types.js';

/**
 * A run's own cgroup for its command: a leaf memprof made (root, a delegated subtree), or systemd's
 * transient scope. The command is joined to it once started, and memprof's leaf is removed at the end.
 */
export interface RunCgroup {
  madeBy: 'memprof' | 'systemd';
  /** The cgroup; a scope's is known once the command joined it. */
  readonly place: CgroupPlace;
  /** Leaves that killed memprofs left empty, removed on the way. */
  staleRemoved: string[];
  /** Why memprof made no leaf itself, when it took systemd's scope instead. */
  noLeaf: string | null;
  /** The words the command is started through (systemd-run and its options); none for a leaf. */
  through: string[];
  /** The file a process writes 0 to, to join the cgroup itself (in a leaf: see joinFile); null for a scope. */
  joinFile: string | null;
  /** Put the process memprof just started (its shim, before exec) into the cgroup, or find the scope it is in. */
  join(pid: number): Promise<string | null>;
  /**
   * Remove memprof's leaf; when processes are still in it, it stays (a later run removes it) and they are
   * counted. A scope is systemd's: it is never removed by memprof, only its processes counted.
   */
  remove(): { removed: boolean; remaining: number };
}

/**
 * A cgroup for a run: a leaf under the one memprof runs in, or else systemd's scope (`root` prefixes /proc,
 * the cgroupfs and PATH, for tests); a sentence saying why there is none otherwise.
 */
export function openRunCgroup(root = '', env: NodeJS.ProcessEnv = process.env): RunCgroup | string {
  const self = readText(join(root, '/proc/self/cgroup'));
  const mountinfo = readText(join(root, '/proc/self/mountinfo'));
  if (self === null || mountinfo === null) return 'this system has no /proc/self/cgroup';
  const located = locateOwnCgroup(self, mountinfo, root);
  if ('reason' in located) return located.reason;
  const leaf = openLeaf(located.place);
  if (typeof leaf !== 'string') return leaf;
  const noScope = scopeUnavailable(env, root);
  if (noScope !== null) return `${leaf}; ${noScope}`;
  return openScope(mountinfo, root, leaf);
}

/**
 * Where a single-threaded process joins a leaf by writing 0 (itself). cgroup v1's `tasks` moves the writing
 * thread alone, for which the kernel takes no global lock: cgroup.procs waits for an RCU grace period first,
 * 5-15 ms on every run. cgroup v2 moves threads that way only within a threaded subtree.
 */
function joinFile(leaf: CgroupPlace): string {
  return join(leaf.dir, leaf.version === 1 ? 'tasks' : 'cgroup.procs');
}

/** A leaf under `own`, the cgroup memprof runs in; a sentence saying why there is none. */
function openLeaf(own: CgroupPlace): RunCgroup | string {
  const unavailable = leafUnavailable(own);
  if (unavailable !== null) return unavailable;
  const staleRemoved = removeStaleLeaves(own);
  const made = createLeaf(own);
  if ('reason' in made) return made.reason;
  const { leaf } = made;
  return {
    madeBy: 'memprof',
    place: leaf,
    staleRemoved,
    noLeaf: null,
    through: [],
    joinFile: joinFile(leaf),
    join: (pid) => joinLeaf(leaf, pid),
    remove: () => {
      const removed = removeLeaf(leaf);
      return { removed, remaining: removed ? 0 : cgroupMembers(leaf).length };
    },
  };
}
