/** Which cgroup hierarchy holds the memory controller: v1's own `memory` mount, or the unified v2 one. */
export type CgroupVersion = 1 | 2;

/** A cgroup with the memory controller: its directory and its path as /proc/PID/cgroup names it. */
export interface CgroupPlace {
  version: CgroupVersion;
  /** The cgroup's directory in the mounted cgroupfs. */
  dir: string;
  /** Its path inside the hierarchy (`/user.slice/...`): what the recording names it by. */
  path: string;
  /** systemd's unit whose cgroup this is: systemd removes it as soon as it is empty. */
  unit?: string;
}

export type { CgroupSplit } from '../../format/cgroup-lines.js';
