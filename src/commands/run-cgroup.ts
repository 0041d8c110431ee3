import { EXIT, MemprofError } from '../errors.js';
import type { RunCgroup } from '../platform/cgroup/acquire.js';
import type { Platform } from '../platform/platform.js';
import type { HeldStart } from '../spawn/target.js';
import * as stdio from '../stdio.js';

/** `--cgroup`: auto (a cgroup where one can be had), on (or exit 2), off. */
export type CgroupMode = 'auto' | 'on' | 'off';

const HINT =
  'run as root, in a delegated cgroup v2 subtree or with a systemd user manager (systemd-run --user), ' +
  'or use --cgroup auto or off';

function refusal(reason: string): MemprofError {
  return new MemprofError(`--cgroup on: no cgroup of its own for the command: ${reason}`, {
    exitCode: EXIT.usage,
    hint: HINT,
  });
}

function note(reason: string, quiet: boolean): void {
  if (!quiet) stdio.stderr.write(`memprof: no cgroup of its own for the command (${reason}); sampling only\n`);
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
    through: cgroup.through,
    joinFile: cgroup.joinFile,
    joinedItself: () => {
      joined = true;
    },
    before: async (pid) => {
      const failed = await cgroup.join(pid);
      joined = failed === null;
      if (joined && cgroup.noLeaf !== null && !quiet) noteScope(cgroup, cgroup.noLeaf);
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

/** The route taken when it is not memprof's own: the command runs in systemd's scope. */
function noteScope(cgroup: RunCgroup, noLeaf: string): void {
  stdio.stderr.write(
    `memprof: cgroup: systemd's transient scope ${cgroup.place.unit}, by systemd-run --user --scope ` +
      `(none of memprof's own: ${noLeaf})\n`,
  );
}

/**
 * Remove the run's cgroup at the end; one that processes still hold stays, and the user is told. systemd's
 * scope is systemd's to remove, once it is empty.
 */
export function removeRunCgroup(cgroup: RunCgroup): void {
  const { removed, remaining } = cgroup.remove();
  if (removed || remaining === 0) return;
  const held = `still holds ${remaining} process${remaining === 1 ? '' : 'es'}`;
  stdio.stderr.write(
    cgroup.madeBy === 'systemd'
      ? `memprof: systemd's scope ${cgroup.place.unit} ${held}: systemd removes it once it is empty\n`
      : `memprof: the command's cgroup ${cgroup.place.path} ${held}: it is left, and a later run removes it ` +
          'once it is empty\n',
  );
}
