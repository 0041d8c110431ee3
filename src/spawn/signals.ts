import type { Target } from './target.js';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/**
 * Forward the signals memprof receives (Ctrl-C, kill) to the target's process group, which runs in a
 * session of its own and so does not get the terminal's signals itself. memprof keeps running until the
 * target exits, to close the recording cleanly. Returns a function that removes the handlers.
 */
export function forwardSignals(target: Target, onSignal?: (signal: NodeJS.Signals) => void): () => void {
  const handlers = FORWARDED.map((signal) => {
    const handler = (): void => {
      onSignal?.(signal);
      target.signalGroup(signal);
    };
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => handlers.forEach((remove) => remove());
}
