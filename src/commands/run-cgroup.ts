import { EXIT, MemprofError } from '../errors.js';
import type { RunCgroup } from '../platform/cgroup/acquire.js';
import type { Platform } from '../platform/platform.js';
import type { HeldStart } from '../spawn/target.js';

/** `--cgroup`: auto (a cgroup where one can be had), on (or exit 2), off. */
export type CgroupMode = 'auto' | 'on' | 'off';

const HINT = 'run as root or in a delegated cgroup v2 subtree, or use --cgroup auto or off';

function refusal(reason: string): MemprofError {
  return new MemprofError(`--cgroup on: no cgroup of its own for the command: ${reason}`, {
    exitCode: EXIT.usage,
    hint: HINT,
  });
}

function note(reason: string, quiet: boolean): void {
  if (!quiet) process.stderr.write(`memprof: no cgroup of its own for the command (${reason}); sampling only\n`);
}

/** The run's cgroup as `mode` asks; null when off or (auto) there is none, which is said once on stderr. */
export async function cgroupFor(mode: CgroupMode, platform: Platform, quiet: boolean): Promise<RunCgroup | null> {
  if (mode === 'off') return null;
  const opened = await platform.openRunCgroup();
  if (typeof opened !== 'string') return opened;
  if (mode === 'on') throw refusal(opened);
  note(opened, quiet);
  return null;
}

/**
 * How the command is held until it is in the cgroup; `joined()` says afterwards whether it got there. A
 * cgroup the command could not join is removed (and, with `on`, the command never runs).
 */
export function heldInCgroup(
  cgroup: RunCgroup,
  mode: CgroupMode,
  quiet: boolean,
): { held: HeldStart; joined: () => boolean } {
  let joined = false;
  const held: HeldStart = {
    before: async (pid) => {
      const failed = await cgroup.join(pid);
      joined = failed === null;
      return failed;
    },
    abort: (reason) => {
      cgroup.remove();
      if (mode === 'on') return refusal(reason);
      note(reason, quiet);
      return null;
    },
  };
  return { held, joined: () => joined };
}

/** Remove the run's cgroup at the end; one that processes still hold stays, and the user is told. */
export function removeRunCgroup(cgroup: RunCgroup): void {
  const { removed, remaining } = cgroup.remove();
  if (removed || remaining === 0) return;
  process.stderr.write(
    `memprof: the command's cgroup ${cgroup.place.path} still holds ${remaining} ` +
      `process${remaining === 1 ? '' : 'es'}: it is left, and a later run removes it once it is empty\n`,
  );
}
