import { join } from 'node:path';
import type { CgroupPlace } from './types.js';

// Where the cgroup memprof runs in sits, from /proc/self/cgroup and /proc/self/mountinfo: pure parsing, so
// that a fake cgroupfs in a temporary directory tests it (`root` prefixes every path).

/** One line of /proc/PID/cgroup: `hierarchy-id:controllers:path`. */
interface Membership {
  id: string;
  controllers: string[];
  path: string;
}

function memberships(text: string): Membership[] {
  return text
    .split('\n')
    .map((line) => /^(\d+):([^:]*):(.*)$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ id: m[1]!, controllers: m[2] === '' ? [] : m[2]!.split(','), path: m[3]! }));
}

/** A cgroup filesystem mount: where it is mounted, the hierarchy path it shows there, and its kind. */
interface CgroupMount {
  mountPoint: string;
  root: string;
  v2: boolean;
  options: string[];
}

/** The cgroup mounts of a mountinfo text (fields: id parent dev root mountpoint opts ... - fstype src superopts). */
export function cgroupMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (left === undefined || right === undefined) continue;
    const fields = left.split(' ');
    const [fstype, , superOptions] = right.split(' ');
    if (fstype !== 'cgroup' && fstype !== 'cgroup2') continue;
    mounts.push({
      mountPoint: unescapeMount(fields[4] ?? ''),
      root: unescapeMount(fields[3] ?? '/'),
      v2: fstype === 'cgroup2',
      options: (superOptions ?? '').split(','),
    });
  }
  return mounts;
}

/** mountinfo writes a space, tab, newline or backslash in a path as an octal escape (`\040`). */
function unescapeMount(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** The directory of hierarchy path `path` under a mount that shows the hierarchy from `mount.root`; null outside it. */
function dirUnder(mount: CgroupMount, path: string, root: string): string | null {
  const base = mount.root === '/' ? '' : mount.root;
  if (path !== base && !path.startsWith(`${base}/`)) return null;
  return join(root, mount.mountPoint, path.slice(base.length));
}

/**
 * The memory cgroup memprof runs in: v1's `memory` hierarchy when the controller is mounted there, else
 * the unified (v2) hierarchy. A sentence saying why not when there is none to be found.
 */
export function locateOwnCgroup(
  selfCgroup: string,
  mountinfo: string,
  root = '',
): { place: CgroupPlace } | { reason: string } {
  const member = memberships(selfCgroup);
  const mounts = cgroupMounts(mountinfo);
  const v1 = member.find((m) => m.controllers.includes('memory'));
  const v1Mount = mounts.find((m) => !m.v2 && m.options.includes('memory'));
  if (v1 && v1Mount) {
    const dir = dirUnder(v1Mount, v1.path, root);
    if (dir === null) return { reason: `memprof's memory cgroup ${v1.path} is outside the mounted hierarchy` };
    return { place: { version: 1, dir, path: v1.path } };
  }
  const unified = member.find((m) => m.id === '0' && m.controllers.length === 0);
  const v2Mount = mounts.find((m) => m.v2);
  if (unified === undefined || v2Mount === undefined) return { reason: 'no cgroup memory controller is mounted' };
  const dir = dirUnder(v2Mount, unified.path, root);
  if (dir === null) return { reason: `memprof's cgroup ${unified.path} is outside the mounted cgroup2 hierarchy` };
  return { place: { version: 2, dir, path: unified.path } };
}
