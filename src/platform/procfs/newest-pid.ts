import { openProc, preadLastField } from './files.js';

export interface NewestPidState {
  fd: number;
  last: number;
  changedAt: number;
}

/**
 * /proc/loadavg ends with the last pid the kernel handed out. While it does not change, no process (or
 * thread) was created anywhere, so nothing new can have joined the tree: the children walk and the
 * sweep can be skipped. One read (a few us) instead of one per tracked process. A pid is handed out
 * slightly before the child is linked to its parent, so callers look one tick back.
 */
export class NewestPid {
  private readonly fd: number;
  private last: number;
  private changedAt: number;

  constructor(state?: NewestPidState) {
    this.fd = state?.fd ?? openProc('/proc/loadavg');
    this.last = state?.last ?? NaN;
    this.changedAt = state?.changedAt ?? 0;
  }

  get state(): NewestPidState {
    return { fd: this.fd, last: this.last, changedAt: this.changedAt };
  }

  /** The last tick at which a process was created (or the file could not be read), checked at `tick`. */
  lastCreation(tick: number): number {
    const newest = preadLastField(this.fd);
    if (Number.isNaN(newest) || newest !== this.last) this.changedAt = tick;
    this.last = newest;
    return this.changedAt;
  }
}
