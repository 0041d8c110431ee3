import type { Target } from './target.js';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/** memprof's handlers for the signals it forwards (see catchSignals). */
export interface SignalRelay {
  /** Send the signals caught so far, and every later one, to the target's process group. */
  forwardTo(target: Target): void;
  /** Remove the handlers: a signal has its default effect again (it ends memprof). */
  release(): void;
}

/**
 * Catch the signals memprof forwards (Ctrl-C, kill) from before the command is started, so that none can
 * end memprof between the command's start and its forwarding: the command would be left running. The
 * command runs in a session of its own and does not get the terminal's signals itself; memprof keeps
 * running until it exits, to close the recording cleanly. Signals caught before `forwardTo` are kept.
 */
export function catchSignals(): SignalRelay {
  const caught: NodeJS.Signals[] = [];
  let target: Target | null = null;
  const handlers = FORWARDED.map((signal) => {
    const handler = (): void => {
      if (target === null) caught.push(signal);
      else target.signalGroup(signal);
    };
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return {
    forwardTo(to) {
      target = to;
      for (const signal of caught.splice(0)) to.signalGroup(signal);
    },
    release: () => {
      for (const remove of handlers) remove();
    },
  };
}
