import type { Target } from './target.js';
import * as stdio from '../stdio.js';

/** Seconds between SIGTERM and SIGKILL when --timeout ends the tree. */
export const KILL_GRACE_SECONDS = 2;

export interface Timeout {
  fired(): boolean;
  /** The command has exited: the timeout can no longer fire. */
  disarm(): void;
  /**
   * Once the command has exited: stop the clock, and if the timeout fired, give the descendants that
   * outlived the command the rest of the grace, then SIGKILL its process group and, by pid, the followed
   * descendants still alive (they may have left the group).
   */
  end(survivors: () => number[] | Promise<number[]>): Promise<void>;
}

/** --timeout: SIGTERM the target's group, then SIGKILL it after a grace period. */
export function endAfter(seconds: number, target: Target): Timeout {
  let fired = false;
  let killAt = 0;
  let killTimer: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    fired = true;
    stdio.stderr.write(`memprof: --timeout ${seconds} s reached; ending the command\n`);
    target.signalGroup('SIGTERM');
    killAt = Date.now() + KILL_GRACE_SECONDS * 1000;
    killTimer = setTimeout(() => target.signalGroup('SIGKILL'), KILL_GRACE_SECONDS * 1000);
  }, seconds * 1000);
  return {
    fired: () => fired,
    disarm: () => clearTimeout(timer),
    async end(survivors) {
      clearTimeout(timer);
      clearTimeout(killTimer);
      if (!fired || (!target.groupAlive() && (await survivors()).length === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, killAt - Date.now())));
      target.signalGroup('SIGKILL');
      for (const pid of await survivors()) killQuietly(pid);
    },
  };
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone meanwhile */
  }
}
