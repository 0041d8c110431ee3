import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLeaf, joinLeaf, leafMembers, leafUnavailable, removeLeaf, removeStaleLeaves } from './leaf.js';
import { locateOwnCgroup } from './locate.js';
import type { CgroupPlace } from './types.js';

/** A run's own cgroup, made for its command: join the command to it once started, remove it at the end. */
export interface RunCgroup {
  place: CgroupPlace;
  /** Leaves that killed memprofs left empty, removed on the way. */
  staleRemoved: string[];
  /** Move the process memprof just started (its shim, before exec) into the cgroup; why not, if it cannot. */
  join(pid: number): Promise<string | null>;
  /** Remove the cgroup; when processes are still in it, it stays (a later run removes it) and they are counted. */
  remove(): { removed: boolean; remaining: number };
}

/**
 * A leaf cgroup for a run, under the one memprof runs in (`root` prefixes /proc and the cgroupfs, for tests);
 * a sentence saying why there is none otherwise.
 */
export function openRunCgroup(root = ''): RunCgroup | string {
  const self = readText(join(root, '/proc/self/cgroup'));
  const mountinfo = readText(join(root, '/proc/self/mountinfo'));
  if (self === null || mountinfo === null) return 'this system has no /proc/self/cgroup';
  const located = locateOwnCgroup(self, mountinfo, root);
  if ('reason' in located) return located.reason;
  const own = located.place;
  const unavailable = leafUnavailable(own);
  if (unavailable !== null) return unavailable;
  const staleRemoved = removeStaleLeaves(own);
  const made = createLeaf(own);
  if ('reason' in made) return made.reason;
  const { leaf } = made;
  return {
    place: leaf,
    staleRemoved,
    join: (pid) => joinLeaf(leaf, pid),
    remove: () => {
      const removed = removeLeaf(leaf);
      return { removed, remaining: removed ? 0 : leafMembers(leaf).length };
    },
  };
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
