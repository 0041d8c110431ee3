import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { executableProblem } from '../../spawn/target.js';
import { MEMORY_FILES, readText } from './files.js';
import { cgroupMembers, runCgroupName } from './leaf.js';
import { locateOwnCgroup } from './locate.js';
import type { RunCgroup } from './acquire.js';
import type { CgroupPlace } from './types.js';

// The third way to a cgroup, where memprof may make none: the command is started through
// `systemd-run --user --scope`, which asks the user's systemd for a transient scope, moves itself into it and
// execs the command in the same pid. memprof names the scope, finds its cgroup from /proc/PID/cgroup, reads
// it, and leaves it to systemd, which removes it once it is empty.

/**
 * Why the systemd route cannot be tried; null when it can. Cheap: a PATH search and two stats, no process
 * started (systemd-run itself says later whether the manager answers).
 */
export function scopeUnavailable(env: NodeJS.ProcessEnv, root = ''): string | null {
  if (!onPath('systemd-run', env.PATH ?? '', root)) return 'systemd-run is not on PATH';
  const runtime = env.XDG_RUNTIME_DIR;
  if (!runtime) return 'no user manager to ask (XDG_RUNTIME_DIR is not set)';
  // systemd-run --user talks to the manager's private socket, or else to the user's bus.
  const sockets = [join(runtime, 'systemd/private'), join(runtime, 'bus')].map((p) => join(root, p));
  if (!sockets.some(isSocket)) return `no user manager to ask (no socket ${join(runtime, 'bus')})`;
  return null;
}

/** The words that start the command in the transient scope `unit` (the command follows them). */
export function systemdRunWords(unit: string): string[] {
  // -p MemoryAccounting=yes: older systemd accounts memory only when asked.
  return ['systemd-run', '--user', '--scope', '--quiet', `--unit=${unit}`, '-p', 'MemoryAccounting=yes', '--'];
}

/**
 * Where `unit`'s cgroup is, from the /proc/PID/cgroup of a process systemd-run moved into it: a place with
 * the memory controller, or a sentence saying why there is none (cgroup v1: systemd gives a user manager no
 * memory hierarchy; v2: it was not delegated the memory controller).
 */
export function locateScope(
  procCgroup: string,
  mountinfo: string,
  unit: string,
  root = '',
): { place: CgroupPlace } | { reason: string } {
  const located = locateOwnCgroup(procCgroup, mountinfo, root);
  if ('reason' in located) return located;
  const { place } = located;
  if (place.path.split('/').pop() !== unit) {
    return { reason: `systemd's scope ${unit} has no memory cgroup of its own (the command is in ${place.path})` };
  }
  if (!existsSync(join(place.dir, MEMORY_FILES[place.version].usage))) {
    return { reason: `systemd's scope ${unit} has no memory controller (the user manager was not delegated it)` };
  }
  return { place: { ...place, unit } };
}

/**
 * The run's cgroup by way of systemd (`noLeaf`: why memprof made none itself): found once systemd-run has
 * moved the command's process into it.
 */
export function openScope(mountinfo: string, root: string, noLeaf: string, pid = process.pid): RunCgroup {
  const unit = `${runCgroupName(pid)}.scope`;
  let found: CgroupPlace | null = null;
  return {
    madeBy: 'systemd',
    get place(): CgroupPlace {
      if (found === null) throw new Error(`the scope ${unit} is not found yet`);
      return found;
    },
    staleRemoved: [],
    noLeaf,
    through: systemdRunWords(unit),
    joinFile: null,
    join: async (joined) => {
      const text = readText(join(root, `/proc/${joined}/cgroup`));
      if (text === null) return `the command's process ${joined} is gone before it ran`;
      const located = locateScope(text, mountinfo, unit, root);
      if ('reason' in located) return located.reason;
      found = located.place;
      return null;
    },
    // systemd's to remove: memprof only says what is left in it.
    remove: () => ({
      removed: false,
      remaining: found === null ? 0 : cgroupMembers(found).length,
    }),
  };
}

/** Whether PATH (its folders under `root`) has an executable file `name`, as exec would find it. */
function onPath(name: string, path: string, root: string): boolean {
  const rooted = path.split(':').map((dir) => join(root, dir || '.'));
  return executableProblem(name, rooted.join(':')) === null;
}

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}
